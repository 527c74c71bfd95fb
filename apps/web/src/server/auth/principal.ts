import { isRole, keyLimitsOf, lowerRole, type Principal } from "@tps/api";
import type { PrismaClient } from "@tps/db";
import type { Auth } from "./create-auth";

const KEY_CACHE_MS = 5_000;

/**
 * Finds who is calling: `Authorization: Bearer <api key>` first, else the session cookie. Null
 * when neither is valid, or the user (or the key's owner) is disabled. Valid keys are remembered
 * for 5 s so a busy service costs no verification write per call, and calls that arrive while a
 * key is being verified wait for that one verification instead of starting their own (at 500
 * calls/s, a lapsed entry otherwise set off dozens of verifications at once). Revoking a key and
 * changing or disabling a user clear the memory of this process; other processes see it within
 * 5 s. Invalid keys are not remembered. A key's role is the lower of its own and its owner's.
 */
export function createPrincipalResolver(auth: Auth, db: PrismaClient) {
  const keys = new Map<string, { principal: Promise<Principal | null>; until: number }>();

  async function verify(key: string): Promise<Principal | null> {
    const result = await auth.api.verifyApiKey({ body: { key } });
    if (!result.valid || !result.key) return null;
    const { id, name, referenceId, metadata } = result.key;
    const keyRole = (metadata as { role?: unknown } | null)?.role;
    const owner = await db.user.findUnique({
      where: { id: referenceId },
      select: { banned: true, role: true },
    });
    if (!isRole(keyRole) || !owner || owner.banned || !isRole(owner.role)) return null;
    // A key acts with at most its owner's current role: a demotion demotes the owner's keys too.
    const role = lowerRole(keyRole, owner.role);
    const principal: Principal = { id, name: `key:${name ?? id}`, role, via: "apiKey", userId: referenceId };
    // The key's own rate limits (apiKeys.create), over its role's.
    const limits = keyLimitsOf(metadata);
    return limits ? { ...principal, limits } : principal;
  }

  function fromApiKey(key: string): Promise<Principal | null> {
    const cached = keys.get(key);
    if (cached && cached.until > Date.now()) return cached.principal;
    if (keys.size > 1_000) keys.clear();
    const entry = { principal: verify(key), until: Number.POSITIVE_INFINITY }; // shared while in flight
    keys.set(key, entry);
    const settled = (principal: Principal | null) => {
      if (keys.get(key) !== entry) return; // forgotten or replaced meanwhile
      if (principal) entry.until = Date.now() + KEY_CACHE_MS;
      else keys.delete(key);
    };
    entry.principal.then(settled, () => settled(null));
    return entry.principal;
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
