import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The session-signing secret: AUTH_SECRET when set. Production refuses to start without it. In
 * development one is generated once and kept in `.auth-secret` (gitignored, mode 600) beside the
 * app, so sessions survive restarts and no default secret exists anywhere.
 */
export function authSecret(env: { AUTH_SECRET?: string; NODE_ENV: string }, dir = process.cwd()): string {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  if (env.NODE_ENV === "production") {
    console.error(
      "invalid configuration: AUTH_SECRET: required in production (e.g. `openssl rand -base64 32`)",
    );
    process.exit(1);
  }
  const file = join(dir, ".auth-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    const secret = randomBytes(32).toString("base64url");
    writeFileSync(file, `${secret}\n`, { mode: 0o600 });
    console.warn(`[auth] AUTH_SECRET is not set: generated a development secret in ${file}`);
    return secret;
  }
}
