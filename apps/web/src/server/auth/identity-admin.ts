import type { ApiKeyView, IdentityAdmin, Role, UserView } from "@tps/api";
import { isRole, keyLimitsOf } from "@tps/api";
import { TaskError } from "@tps/core";
import type { PrismaClient } from "@tps/db";
import type { Auth } from "./create-auth";

type UserRow = {
  id: string;
  email: string;
  name: string;
  role: string | null;
  banned: boolean | null;
  createdAt: Date;
};

const toUser = (u: UserRow): UserView => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: isRole(u.role) ? u.role : "viewer",
  disabled: !!u.banned,
  createdAt: u.createdAt.toISOString(),
});

export function keyRole(metadata: string | null): Role {
  try {
    const role = metadata ? (JSON.parse(metadata) as { role?: unknown }).role : null;
    return isRole(role) ? role : "viewer";
  } catch {
    return "viewer";
  }
}

/** Users and API keys on better-auth's tables: creation through its API, the rest by plain queries. */
export function createIdentityAdmin(auth: Auth, db: PrismaClient, onRevoke: () => void): IdentityAdmin {
  const findUser = async (id: string) => {
    const user = await db.user.findUnique({ where: { id } });
    if (!user) throw new TaskError("NOT_FOUND", `user ${id} not found`);
    return user;
  };
  return {
    async createUser({ email, password, role, name }) {
      if (await db.user.findUnique({ where: { email: email.toLowerCase() } })) {
        throw new TaskError("CONFLICT", `a user with email ${email} already exists`);
      }
      const { user } = await auth.api.createUser({
        body: { email, password, name: name ?? email.split("@")[0]!, role },
      });
      return toUser(await findUser(user.id));
    },
    async listUsers() {
      return (await db.user.findMany({ orderBy: { createdAt: "asc" } })).map(toUser);
    },
    async updateUser({ id, role, disabled }) {
      await findUser(id);
      const user = await db.user.update({
        where: { id },
        data: { ...(role ? { role } : {}), ...(disabled === undefined ? {} : { banned: disabled }) },
      });
      if (disabled) await db.session.deleteMany({ where: { userId: id } }); // signed out everywhere, now
      if (disabled || role) onRevoke(); // their keys stop working, or act with the new role, at once
      return toUser(user);
    },
    async createApiKey({ name, role, expiresAt, ownerId, limits }) {
      const expiresIn = expiresAt
        ? Math.max(1, Math.round((Date.parse(expiresAt) - Date.now()) / 1000))
        : undefined;
      const created = await auth.api.createApiKey({
        body: {
          name,
          userId: ownerId,
          metadata: { role, ...(limits ? { limits } : {}) },
          ...(expiresIn ? { expiresIn } : {}),
        },
      });
      return { id: created.id, key: created.key };
    },
    async listApiKeys() {
      const rows = await db.apikey.findMany({ orderBy: { createdAt: "asc" } });
      return rows.map(
        (k): ApiKeyView => ({
          id: k.id,
          name: k.name ?? k.id,
          role: keyRole(k.metadata),
          start: k.start,
          createdAt: k.createdAt.toISOString(),
          expiresAt: k.expiresAt?.toISOString() ?? null,
          lastUsedAt: k.lastRequest?.toISOString() ?? null,
          revoked: k.enabled === false,
          limits: keyLimitsOf(k.metadata) ?? null,
        }),
      );
    },
    async revokeApiKey(id) {
      const { count } = await db.apikey.updateMany({ where: { id }, data: { enabled: false } });
      if (count === 0) throw new TaskError("NOT_FOUND", `API key ${id} not found`);
      onRevoke();
    },
  };
}
