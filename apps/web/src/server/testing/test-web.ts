import { randomBytes } from "node:crypto";
import type { Principal, RateLimiter, Role } from "@tps/api";
import { createTestApi } from "@tps/infra/testing";
import type { Admission } from "../admission";
import { createAuth } from "../auth/create-auth";
import { createIdentityAdmin } from "../auth/identity-admin";
import { createPrincipalResolver } from "../auth/principal";
import { createTrpcHandler } from "../trpc-handler";

export const BASE_URL = "http://localhost:3000";

/**
 * The web app's tRPC endpoint and auth on a fresh database: the real handler, better-auth and
 * principal resolution, as the route serves them. `signIn` returns a Cookie header for a new user.
 */
export async function createTestWeb(
  templateUrl: string,
  options: { rateLimit?: RateLimiter; admission?: Admission; recheckStreamsMs?: number } = {},
) {
  const api = await createTestApi(templateUrl);
  const auth = createAuth({
    db: api.db,
    secret: randomBytes(32).toString("base64url"),
    baseURL: BASE_URL,
    trustedOrigins: [],
  });
  const principals = createPrincipalResolver(auth, api.db);
  const identity = createIdentityAdmin(auth, api.db, principals.forgetKeys);
  const { principal: _testAdmin, ...ports } = api.context;
  const handler = createTrpcHandler({
    context: { ...ports, identity, rateLimit: options.rateLimit },
    resolvePrincipal: principals.resolve,
    maxBodyBytes: 1024 * 1024,
    maxBatchSize: 20,
    trustedOrigins: [],
    admission: options.admission,
    recheckStreamsMs: options.recheckStreamsMs,
  });

  let users = 0;
  /** The Set-Cookie headers of the last sign-in. */
  let lastSetCookie: string[] = [];
  async function signIn(role: Role): Promise<{ cookie: string; userId: string }> {
    const email = `${role}-${++users}@example.com`;
    const password = "correct horse battery";
    const user = await identity.createUser({ email, password, role });
    const response = await auth.handler(
      new Request(`${BASE_URL}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: BASE_URL },
        body: JSON.stringify({ email, password }),
      }),
    );
    if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
    lastSetCookie = response.headers.getSetCookie();
    const cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    return { cookie, userId: user.id };
  }

  async function apiKey(role: Role, ownerId: string): Promise<{ id: string; key: string }> {
    return identity.createApiKey({ name: `${role}-key-${++users}`, role, ownerId });
  }

  /** Calls one procedure over HTTP: GET with ?input= for queries, POST with a JSON body otherwise. */
  async function call(
    path: string,
    kind: "query" | "mutation" | "subscription",
    input: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const url = new URL(`${BASE_URL}/api/trpc/${path}`);
    if (kind !== "mutation") {
      if (input !== undefined) url.searchParams.set("input", JSON.stringify(input));
      return handler(new Request(url, { headers }));
    }
    return handler(
      new Request(url, {
        method: "POST",
        headers: { "content-type": "application/json", origin: BASE_URL, ...headers },
        body: input === undefined ? undefined : JSON.stringify(input),
      }),
    );
  }

  return {
    api,
    auth,
    identity,
    principals,
    handler,
    signIn,
    apiKey,
    call,
    setCookies: () => lastSetCookie,
    dispose: () => api.dispose(),
  };
}

export type { Principal };
