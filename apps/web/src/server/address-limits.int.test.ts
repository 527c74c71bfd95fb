import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createLimitStore, createRateLimiter, type LimitStore, type RateLimiter } from "@tps/api";
import { deleteTestRedisKeys, TEST_REDIS_URL, uniqueName } from "@tps/infra/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { limitRefusalsByAddress } from "./address-limits";
import { trustProxies, withPeerAddress } from "./client-address";
import { createTestWeb } from "./testing/test-web";

/**
 * Refused credentials per client address, over real HTTP: a Node server as the API server runs
 * it (the socket peer appended to X-Forwarded-For), the real tRPC handler, keys and sessions.
 */
const prefix = `${uniqueName("tps_addr")}:`;
const stores: LimitStore[] = [];
/** A limiter with counts of its own (each test's server has one): the tests all come from 127.0.0.1. */
const limiter = (): RateLimiter => {
  const store = createLimitStore({ redis: { url: TEST_REDIS_URL, prefix: `${prefix}${stores.length}:` } });
  stores.push(store);
  return createRateLimiter({ store, refusals: { points: 3, seconds: 60 } });
};

let web: Awaited<ReturnType<typeof createTestWeb>>;
const servers: ReturnType<typeof serve>[] = [];

/** The tRPC handler behind the address limit, served on a free loopback port; returns its base URL. */
async function listen(trusted: string | undefined, handler = web.handler): Promise<string> {
  const rateLimit = limiter();
  const limited = limitRefusalsByAddress(handler, { limiter: () => rateLimit, trust: trustProxies(trusted) });
  const server = serve({ fetch: withPeerAddress(limited), port: 0, hostname: "127.0.0.1" });
  servers.push(server);
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  web = await createTestWeb(inject("templateDatabaseUrl"));
});
afterAll(async () => {
  for (const server of servers) server.close();
  for (const store of stores) await store.close();
  await web?.dispose();
  await deleteTestRedisKeys(prefix);
});

const stats = (base: string, headers: Record<string, string>) =>
  fetch(`${base}/api/trpc/tasks.stats?input=${encodeURIComponent("{}")}`, { headers });

describe("refused credentials per address", () => {
  it("blocks an address after its refusals, before any key is checked; a client's X-Forwarded-For changes nothing", async () => {
    const base = await listen(undefined);
    const admin = await web.signIn("admin");
    const valid = await web.apiKey("operator", admin.userId);
    for (let i = 1; i <= 3; i++) {
      const guess = await stats(base, {
        authorization: `Bearer tps_guess${i}`,
        "x-forwarded-for": `198.51.100.${i}`,
      });
      expect(guess.status).toBe(401);
    }
    const spoofed = await stats(base, {
      authorization: "Bearer tps_guess4",
      "x-forwarded-for": "198.51.100.99",
    });
    expect(spoofed.status).toBe(429);
    expect(Number(spoofed.headers.get("retry-after"))).toBeGreaterThan(50);
    expect(await spoofed.json()).toMatchObject({
      error: { data: { code: "TOO_MANY_REQUESTS", httpStatus: 429 } },
    });
    // A valid key gets the same answer: a guess that hits learns nothing while the address is blocked.
    expect((await stats(base, { authorization: `Bearer ${valid.key}` })).status).toBe(429);
    // A session cookie cannot be guessed: the console's users behind the same address go on.
    expect((await stats(base, { cookie: admin.cookie })).status).toBe(200);
  });

  it("behind a trusted proxy, the forwarded address is the client: each is counted on its own", async () => {
    const base = await listen("loopback");
    for (let i = 1; i <= 3; i++) {
      expect(
        (await stats(base, { authorization: "Bearer tps_x", "x-forwarded-for": "192.0.2.1" })).status,
      ).toBe(401);
    }
    expect(
      (await stats(base, { authorization: "Bearer tps_x", "x-forwarded-for": "192.0.2.1" })).status,
    ).toBe(429);
    expect(
      (await stats(base, { authorization: "Bearer tps_x", "x-forwarded-for": "192.0.2.2" })).status,
    ).toBe(401);
  });

  it("answers REST in REST's own error shape", async () => {
    const unauthorized = async () => Response.json({ error: { code: "UNAUTHORIZED" } }, { status: 401 });
    const base = await listen(undefined, unauthorized);
    const keyed = { headers: { authorization: "Bearer tps_nope" } };
    for (let i = 0; i < 5; i++) expect((await fetch(`${base}/api/v1/tasks`)).status).toBe(401); // no key: not counted
    for (let i = 0; i < 3; i++) expect((await fetch(`${base}/api/v1/tasks`, keyed)).status).toBe(401);
    const limited = await fetch(`${base}/api/v1/tasks`, keyed);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await limited.json()).toMatchObject({ error: { code: "TOO_MANY_REQUESTS" } });
  });
});
