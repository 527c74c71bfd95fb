import { apiKey } from "@better-auth/api-key";
import type { Log } from "@tps/core";
import type { PrismaClient } from "@tps/db";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { admin, genericOAuth } from "better-auth/plugins";
import { createAccessControl } from "better-auth/plugins/access";
import { adminAc, defaultStatements } from "better-auth/plugins/admin/access";

export interface AuthConfig {
  db: PrismaClient;
  secret: string;
  /** The console's public address, e.g. http://localhost:3000. */
  baseURL: string;
  /** Origins (besides baseURL) allowed to sign in. */
  trustedOrigins: string[];
  oidc?: { issuer: string; clientId: string; clientSecret: string };
  /** Where better-auth's own messages go; a refused API key is a 401, not an error to log. */
  log?: Log;
}

/** Prefix of generated API keys: makes them easy to spot in logs and secret scanners. */
export const API_KEY_PREFIX = "tps_";

const ac = createAccessControl(defaultStatements);

/**
 * better-auth's own HTTP endpoints for user and key administration are closed: users.* and
 * apiKeys.* are the one way in (role-checked and audited). Left open, any signed-in user could
 * POST /api/auth/api-key/create with metadata {"role":"admin"} and mint an admin key. The server
 * side still calls these through `auth.api`, which does not go through the HTTP router.
 */
const DISABLED_PATHS = [
  ...["create", "delete", "get", "list", "update"].map((name) => `/api-key/${name}`),
  ...["ban-user", "create-user", "get-user", "has-permission", "impersonate-user", "list-user-sessions"]
    .concat(["list-users", "remove-user", "revoke-user-session", "revoke-user-sessions", "set-role"])
    .concat(["set-user-password", "stop-impersonating", "unban-user", "update-user"])
    .map((name) => `/admin/${name}`),
  "/update-user", // name and image only today; nothing in the console needs it
  "/delete-user",
  "/change-email",
];

/**
 * better-auth: email + password sign-in (no self sign-up: admins create users), sessions in
 * HttpOnly SameSite=Lax cookies (Secure on https), the admin plugin for roles and disabling users,
 * the API key plugin (only hashes stored), and optional OpenID Connect single sign-on.
 */
export function createAuth(config: AuthConfig) {
  const secure = config.baseURL.startsWith("https:");
  return betterAuth({
    appName: "Task console",
    database: prismaAdapter(config.db, { provider: "postgresql" }),
    secret: config.secret,
    baseURL: config.baseURL,
    trustedOrigins: config.trustedOrigins,
    telemetry: { enabled: false },
    // Sign-in limits are ours, in Redis and shared by every process (sign-in-guard.ts); better-auth's
    // own would count per process, in memory.
    rateLimit: { enabled: false },
    disabledPaths: DISABLED_PATHS,
    logger: {
      level: "warn",
      log: (level, message) => {
        if (message.startsWith("Failed to validate API key")) return;
        config.log?.[level === "error" ? "error" : "warn"]({ source: "better-auth" }, message);
      },
    },
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12, maxPasswordLength: 128 },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    advanced: {
      useSecureCookies: secure,
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", secure },
    },
    plugins: [
      admin({
        defaultRole: "viewer",
        adminRoles: ["admin"],
        ac,
        roles: { viewer: ac.newRole({}), operator: ac.newRole({}), admin: adminAc },
      }),
      apiKey({
        defaultPrefix: API_KEY_PREFIX,
        enableMetadata: true,
        // Our own per-principal limit applies to creates and bulk actions; the plugin's default
        // (10 requests a day) would lock services out.
        rateLimit: { enabled: false },
        keyExpiration: { defaultExpiresIn: null, maxExpiresIn: 3650, minExpiresIn: 0 },
      }),
      ...(config.oidc
        ? [
            genericOAuth({
              config: [
                {
                  providerId: "oidc",
                  discoveryUrl: `${config.oidc.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`,
                  clientId: config.oidc.clientId,
                  clientSecret: config.oidc.clientSecret,
                  scopes: ["openid", "email", "profile"],
                  pkce: true,
                },
              ],
            }),
          ]
        : []),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;
