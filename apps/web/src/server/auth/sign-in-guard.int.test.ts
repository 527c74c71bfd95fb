import { createLimitStore, type LimitStore } from "@tps/api";
import { deleteTestRedisKeys, TEST_REDIS_URL, uniqueName } from "@tps/infra/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { trustProxies } from "../client-address";
import { BASE_URL, createTestWeb } from "../testing/test-web";
import { createSignInGuard } from "./sign-in-guard";

/**
 * Email + password sign-ins through the guard and the real better-auth handler on a real
 * database, counted in the real Redis under this file's own prefix, audited in the real log.
 */
const prefix = `${uniqueName("tps_signin")}:`;
const PASSWORD = "correct horse battery";
const stores: LimitStore[] = [];
let web: Awaited<ReturnType<typeof createTestWeb>>;
let users = 0;

/** A guard as one web process has it (each call: a new process with its own Redis connection). */
function guard(perAddress = 50) {
  const store = createLimitStore({ redis: { url: TEST_REDIS_URL, prefix } });
  stores.push(store);
  const signIn = createSignInGuard({
    store,
    audit: web.api.context.audit,
    trust: trustProxies(undefined),
    perAccount: { points: 5, seconds: 900 },
    perAddress: { points: perAddress, seconds: 900 },
  });
  /** `next start` sets X-Forwarded-For to the socket peer: here, `address`. */
  return (email: string, password: string, address = "203.0.113.5") =>
    signIn(
      new Request(`${BASE_URL}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: BASE_URL, "x-forwarded-for": address },
        body: JSON.stringify({ email, password }),
      }),
      (req) => web.auth.handler(req),
    );
}

async function newUser() {
  const email = `signin-${++users}@example.com`;
  await web.identity.createUser({ email, password: PASSWORD, role: "viewer" });
  return email;
}

const auditOf = async (email: string) =>
  (await web.api.context.audit.list({ limit: 200 })).filter((e) => e.actor === email).reverse();

beforeAll(async () => {
  web = await createTestWeb(inject("templateDatabaseUrl"));
});
afterAll(async () => {
  for (const store of stores) await store.close();
  await web?.dispose();
  await deleteTestRedisKeys(prefix);
});

describe("sign-in limits", () => {
  it("locks an account after 5 failures (429 + Retry-After, even with the right password), audited", async () => {
    const email = await newUser();
    const signIn = guard();
    for (let i = 0; i < 5; i++) expect((await signIn(email, `wrong password ${i}`)).status).toBe(401);
    const locked = await signIn(email, PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(800);
    for (let i = 0; i < 10; i++) expect((await signIn(email.toUpperCase(), PASSWORD)).status).toBe(429);
    expect((await signIn(await newUser(), PASSWORD)).status).toBe(200); // others from the address go on

    const rows = await auditOf(email);
    // Five failures, then the lock once (not once per locked try); never the password.
    expect(rows.map((r) => r.outcome)).toEqual([...Array(5).fill("UNAUTHORIZED"), "TOO_MANY_REQUESTS"]);
    for (const row of rows) {
      expect(row).toMatchObject({ procedure: "auth.signIn", via: "session", target: "address=203.0.113.5" });
      expect(JSON.stringify(row)).not.toContain("wrong password");
      expect(JSON.stringify(row)).not.toContain(PASSWORD);
    }
  });

  it("a successful sign-in clears the account's failures, and is audited with the user's id", async () => {
    const email = await newUser();
    const signIn = guard();
    for (let i = 0; i < 4; i++) expect((await signIn(email, "wrong")).status).toBe(401);
    expect((await signIn(email, PASSWORD)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await signIn(email, "wrong")).status).toBe(401);
    expect((await signIn(email, PASSWORD)).status).toBe(200);
    const ok = (await auditOf(email)).filter((r) => r.outcome === "ok");
    expect(ok).toHaveLength(2);
    expect(ok[0]!.actorId).toMatch(/\w{8,}/);
  });

  it("counts failures per address across accounts, and across processes sharing Redis", async () => {
    const [first, second] = [guard(6), guard(6)];
    for (let i = 0; i < 6; i++) {
      const process = i % 2 ? first : second;
      expect((await process(await newUser(), "wrong", "198.51.100.20")).status).toBe(401);
    }
    const fresh = await newUser();
    const refused = await first(fresh, PASSWORD, "198.51.100.20");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await second(fresh, PASSWORD, "198.51.100.21")).status).toBe(200);
  });

  it("refuses a body too large to be a sign-in before reading it on", async () => {
    const signIn = guard();
    const response = await signIn(await newUser(), "x".repeat(20_000));
    expect(response.status).toBe(413);
  });
});
