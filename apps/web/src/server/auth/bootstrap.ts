import { randomBytes, randomUUID } from "node:crypto";
import { defaultKeyHasher } from "@better-auth/api-key";
import type { Log } from "@tps/core";
import type { PrismaClient } from "@tps/db";
import type { Auth } from "./create-auth";

export interface BootstrapConfig {
  ADMIN_EMAIL?: string;
  ADMIN_PASSWORD?: string;
  ADMIN_API_KEY?: string;
}

export const DEFAULT_ADMIN_EMAIL = "admin@tps.local";

/**
 * Runs at every web start and changes nothing once done. With no user yet it creates the first
 * admin: ADMIN_EMAIL / ADMIN_PASSWORD, or a generated password printed once with the sign-in URL.
 * ADMIN_API_KEY, when set, is registered (hashed) as an admin key unless it already is; a key that
 * was revoked stays revoked.
 */
export async function bootstrapIdentity(
  auth: Auth,
  db: PrismaClient,
  config: BootstrapConfig,
  signInUrl: string,
  log: Log,
): Promise<void> {
  if ((await db.user.count()) === 0) {
    const email = config.ADMIN_EMAIL ?? DEFAULT_ADMIN_EMAIL;
    const password = config.ADMIN_PASSWORD ?? randomBytes(15).toString("base64url");
    try {
      await auth.api.createUser({ body: { email, password, name: "admin", role: "admin" } });
      if (!config.ADMIN_PASSWORD) {
        console.log(
          `\n[auth] first start: created the admin ${email} with password ${password}\n` +
            `[auth] sign in at ${signInUrl} and create users and API keys there; this is shown only once.\n`,
        );
      } else log.info({ email }, "created the first admin from ADMIN_EMAIL / ADMIN_PASSWORD");
    } catch (err) {
      if ((await db.user.count()) === 0) throw err; // not a race with another replica: a real failure
    }
  }
  if (config.ADMIN_API_KEY) await registerAdminKey(db, config.ADMIN_API_KEY, log);
}

async function registerAdminKey(db: PrismaClient, key: string, log: Log) {
  const hash = await defaultKeyHasher(key);
  const existing = await db.apikey.findFirst({ where: { key: hash } });
  if (existing) {
    if (existing.enabled === false)
      log.warn({ id: existing.id }, "ADMIN_API_KEY was revoked: not re-enabled");
    return;
  }
  const owner = await db.user.findFirst({ where: { role: "admin" }, orderBy: { createdAt: "asc" } });
  if (!owner) throw new Error("ADMIN_API_KEY is set but no admin user exists to own it");
  await db.apikey.create({
    data: {
      id: randomUUID(),
      name: "admin-bootstrap",
      key: hash,
      start: key.slice(0, 6),
      referenceId: owner.id,
      enabled: true,
      rateLimitEnabled: false,
      requestCount: 0,
      metadata: JSON.stringify({ role: "admin" }),
    },
  });
  log.info({ owner: owner.email }, "registered ADMIN_API_KEY as an admin API key");
}
