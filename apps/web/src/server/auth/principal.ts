import { isRole, type Principal } from "@tps/api";
import type { PrismaClient } from "@tps/db";
import type { Auth } from "./create-auth";

const KEY_CACHE_MS = 5_000;

/**
 * Finds who is calling: `Authorization: Bearer <api key>` first, else the session cookie. Null
 * when neither is valid, or the user (or the key's owner) is disabled. Valid keys are remembered
 * for 5 s so a busy service costs no verification write per call; revoking clears the memory.
 */
export function createPrincipalResolver(auth: Auth, db: PrismaClient) {
  const keys = new Map<string, { principal: Principal; until: number }>();

  async function fromApiKey(key: string): Promise<Principal | null> {
    const cached = keys.get(key);
    if (cached && cached.until > Date.now()) return cached.principal;
    keys.delete(key);
    const result = await auth.api.verifyApiKey({ body: { key } });
    if (!result.valid || !result.key) return null;
    const { id, name, referenceId, metadata } = result.key;
    const role = (metadata as { role?: unknown } | null)?.role;
    const owner = await db.user.findUnique({ where: { id: referenceId }, select: { banned: true } });
    if (!isRole(role) || !owner || owner.banned) return null;
    const principal: Principal = { id, name: `key:${name ?? id}`, role, via: "apiKey", userId: referenceId };
    if (keys.size > 1_000) keys.clear();
    keys.set(key, { principal, until: Date.now() + KEY_CACHE_MS });
    return principal;
  }

  async function fromSession(headers: Headers): Promise<Principal | null> {
    const session = await auth.api.getSession({ headers });
    if (!session) return null;
    const { id, email, role, banned } = session.user as typeof session.user & {
      role?: string | null;
      banned?: boolean | null;
    };
    if (banned || !isRole(role)) return null;
    return { id, name: email, role, via: "session", userId: id };
  }

  return {
    async resolve(headers: Headers): Promise<Principal | null> {
      const authorization = headers.get("authorization");
      const bearer = authorization?.match(/^Bearer\s+(\S{1,500})$/i)?.[1];
      if (bearer) return fromApiKey(bearer);
      if (authorization) return null; // some other scheme: not ours
      return fromSession(headers);
    },
    /** Forgets cached keys (after a revoke) so the next call verifies again. */
    forgetKeys() {
      keys.clear();
    },
  };
}

export type PrincipalResolver = ReturnType<typeof createPrincipalResolver>;
