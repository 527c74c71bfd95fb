import { createLimitStore, createRateLimiter, type LimitStore, type RateLimiterOptions } from "@tps/api";
import type { Log } from "@tps/core";
import { createRedisBreaker } from "@tps/infra";
import { deleteTestRedisKeys, startHungProxy, TEST_REDIS_URL, uniqueName } from "@tps/infra/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createRestHandler } from "./rest/rest-handler";
import { createTestWeb } from "./testing/test-web";

/**
 * Per-principal limits through the real tRPC handler, better-auth sessions and API keys, counted
 * in the real Redis under this file's own prefix.
 */
const prefix = `${uniqueName("tps_calls")}:`;
const stores: LimitStore[] = [];
// Counting tests give Redis 5 s: on a loaded machine the production 500 ms can trip the fallback to
// each process's memory mid-count (the hung-Redis test passes its own).
const quiet = { info() {}, warn() {}, error() {}, debug() {} } as unknown as Log;
const redisStore = (url = TEST_REDIS_URL, commandTimeoutMs = 5_000) => {
  const store = createLimitStore({
    redis: { url, prefix, commandTimeoutMs },
    // The breaker the web gives its store (rate-limits.ts): a hung Redis costs one timeout.
    breaker: (hooks) => createRedisBreaker({ name: "rate limits' redis", log: quiet, ...hooks }),
  });
  stores.push(store);
  return store;
};
const limited = (options: RateLimiterOptions = {}) => createRateLimiter({ store: redisStore(), ...options });

afterAll(async () => {
  for (const store of stores) await store.close();
  await deleteTestRedisKeys(prefix);
});

/** Sends `count` calls at `perSecond`, each on its own schedule (an open loop), and collects the answers. */
async function sendAt(perSecond: number, count: number, send: () => Promise<Response>) {
  const started = performance.now();
  const answers: Promise<Response>[] = [];
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / perSecond;
    const ahead = due - performance.now();
    if (ahead > 1) await new Promise((r) => setTimeout(r, ahead));
    answers.push(send());
  }
  const responses = await Promise.all(answers);
  return { responses, seconds: (performance.now() - started) / 1000 };
}

describe("creates per API key", () => {
  let web: Awaited<ReturnType<typeof createTestWeb>>;
  beforeAll(async () => {
    web = await createTestWeb(inject("templateDatabaseUrl"), { rateLimit: limited() });
  });
  afterAll(() => web?.dispose());

  it("a key given 1,000 creates/s gets all 1,000 creates sent at 500/s; a default key is held to its limit", async () => {
    // Invariant: the fast key's creates are all accepted; the default key's accepted creates stay
    // within its limit (200 per 4 s window, so ≤ 400 across any window edge), every 429 with Retry-After.
    const admin = await web.signIn("admin");
    const made = await web.call(
      "apiKeys.create",
      "mutation",
      { name: "fast-service", role: "operator", limits: { creates: { perSecond: 1000 } } },
      { cookie: admin.cookie },
    );
    expect(made.status).toBe(200);
    const fast = (await made.json()).result.data as { id: string; key: string };
    const listed = await web.call("apiKeys.list", "query", undefined, { cookie: admin.cookie });
    const views = (await listed.json()).result.data as { id: string; limits: unknown }[];
    expect(views.find((k) => k.id === fast.id)?.limits).toEqual({
      creates: { perSecond: 1000, burst: 4000 },
    });
    const plain = await web.apiKey("operator", admin.userId);

    const create = (key: string) => () =>
      web.call("tasks.create", "mutation", { payload: "load" }, { authorization: `Bearer ${key}` });
    const fastRun = await sendAt(500, 1_000, create(fast.key));
    const plainRun = await sendAt(500, 1_000, create(plain.key));

    const statuses = (rs: Response[]) => {
      const count: Record<number, number> = {};
      for (const r of rs) count[r.status] = (count[r.status] ?? 0) + 1;
      return count;
    };
    console.log(
      `1,000 creates at 500/s: 1,000/s key ${JSON.stringify(statuses(fastRun.responses))} in ${fastRun.seconds.toFixed(2)} s; ` +
        `default key ${JSON.stringify(statuses(plainRun.responses))} in ${plainRun.seconds.toFixed(2)} s`,
    );
    expect(fastRun.responses.every((r) => r.status === 200)).toBe(true);
    const accepted = plainRun.responses.filter((r) => r.status === 200).length;
    expect(accepted).toBeGreaterThanOrEqual(200);
    expect(accepted).toBeLessThanOrEqual(400);
    const refused = plainRun.responses.filter((r) => r.status !== 200);
    expect(refused.every((r) => r.status === 429 && Number(r.headers.get("retry-after")) >= 1)).toBe(true);
  }, 60_000);

  it("a createMany costs one point per 100 tasks: two of 500 use a burst of 10, then single creates wait", async () => {
    const admin = await web.signIn("admin");
    const key = await web.identity.createApiKey({
      name: "batcher",
      role: "operator",
      ownerId: admin.userId,
      limits: { creates: { perSecond: 1, burst: 10 } },
    });
    const headers = { authorization: `Bearer ${key.key}` };
    const payloads = Array.from({ length: 500 }, (_, i) => `b${i}`);
    expect((await web.call("tasks.createMany", "mutation", { payloads }, headers)).status).toBe(200);
    expect((await web.call("tasks.createMany", "mutation", { payloads }, headers)).status).toBe(200);
    const single = await web.call("tasks.create", "mutation", { payload: "one more" }, headers);
    expect(single.status).toBe(429);
    expect(Number(single.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });
});

describe("reads, refusals and streams per principal", () => {
  let web: Awaited<ReturnType<typeof createTestWeb>>;
  beforeAll(async () => {
    const rateLimit = limited({
      roles: { viewer: { calls: { perSecond: 1, burst: 5 } }, operator: { streams: 1 } },
      refusals: { points: 3, seconds: 60 },
    });
    web = await createTestWeb(inject("templateDatabaseUrl"), { rateLimit });
  });
  afterAll(() => web?.dispose());

  it("limits a principal's reads, with Retry-After, and not the next principal's", async () => {
    const [first, second] = [await web.signIn("viewer"), await web.signIn("viewer")];
    const list = (cookie: string) => web.call("tasks.list", "query", {}, { cookie });
    for (let i = 0; i < 5; i++) expect((await list(first.cookie)).status).toBe(200);
    const limitedRead = await list(first.cookie);
    expect(limitedRead.status).toBe(429);
    expect(Number(limitedRead.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await limitedRead.json()).error.data).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    expect((await list(second.cookie)).status).toBe(200);
  });

  it("answers 429 to a principal refused too often (403s), even for calls it may make", async () => {
    const admin = await web.signIn("admin");
    const prober = await web.apiKey("viewer", admin.userId);
    const headers = { authorization: `Bearer ${prober.key}` };
    for (let i = 0; i < 3; i++)
      expect((await web.call("users.list", "query", undefined, headers)).status).toBe(403);
    const blocked = await web.call("tasks.stats", "query", {}, headers);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(1);
  });

  it("holds a principal to its open streams; a closed stream frees its place", async () => {
    const admin = await web.signIn("admin");
    const key = await web.apiKey("operator", admin.userId);
    const open = (signal?: AbortSignal) =>
      web.handler(
        new Request("http://localhost:3000/api/trpc/tasks.onChange", {
          headers: { authorization: `Bearer ${key.key}` },
          signal,
        }),
      );
    /** The stream's text up to its first tick or error (past the `connected` event). */
    const firstEvent = async (reader: ReadableStreamDefaultReader<Uint8Array>) => {
      let text = "";
      while (!/"at":|error/.test(text)) {
        const { done, value } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      return text;
    };
    const firstAbort = new AbortController();
    const first = await open(firstAbort.signal);
    const reader = first.body!.getReader();
    expect(await firstEvent(reader)).toContain('"at"');

    const second = await open();
    const text = await second.text(); // refused inside the stream: tRPC answers streams 200
    expect(text).toContain("TOO_MANY_REQUESTS");
    expect(text).toContain('"retryAfter":10');

    firstAbort.abort();
    await reader.cancel().catch(() => {});
    await expect
      .poll(async () => {
        const abort = new AbortController();
        const third = await open(abort.signal);
        const text = await firstEvent(third.body!.getReader());
        abort.abort();
        return text.includes("TOO_MANY_REQUESTS") ? "refused" : "open";
      })
      .toBe("open");
  });
});

describe("REST", () => {
  it("answers a caller over its limit 429 with Retry-After, like tRPC", async () => {
    const rateLimit = limited({ roles: { operator: { calls: { perSecond: 1, burst: 2 } } } });
    const web = await createTestWeb(inject("templateDatabaseUrl"), { rateLimit });
    try {
      const { principal: _admin, ...ports } = web.api.context;
      const rest = createRestHandler({
        createContext: async (req) => ({
          ...ports,
          rateLimit,
          principal: await web.principals.resolve(req.headers),
        }),
        maxBodyBytes: 64 * 1024,
      });
      const admin = await web.signIn("admin");
      const key = await web.apiKey("operator", admin.userId);
      const get = () =>
        rest(
          new Request("http://localhost:3000/api/v1/tasks", {
            headers: { authorization: `Bearer ${key.key}` },
          }),
        );
      expect((await get()).status).toBe(200);
      expect((await get()).status).toBe(200);
      const over = await get();
      expect(over.status).toBe(429);
      expect(Number(over.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    } finally {
      await web.dispose();
    }
  });
});

describe("Redis hung", () => {
  it("calls are answered promptly (never 500): limits fall back to each process's memory", async () => {
    const proxy = await startHungProxy({
      host: "127.0.0.1",
      port: Number(new URL(TEST_REDIS_URL).port || 6379),
    });
    const store = redisStore(`redis://127.0.0.1:${proxy.port}`, 200);
    const web = await createTestWeb(inject("templateDatabaseUrl"), {
      rateLimit: createRateLimiter({ store, roles: { viewer: { calls: { perSecond: 1, burst: 5 } } } }),
    });
    try {
      const viewer = await web.signIn("viewer");
      expect((await web.call("tasks.list", "query", {}, { cookie: viewer.cookie })).status).toBe(200);
      proxy.freeze();
      const started = performance.now();
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        statuses.push((await web.call("tasks.list", "query", {}, { cookie: viewer.cookie })).status);
      }
      const seconds = (performance.now() - started) / 1000;
      console.log(`hung Redis: 8 reads in ${seconds.toFixed(2)} s: ${statuses.join(",")}`);
      expect(seconds).toBeLessThan(2);
      expect(statuses.filter((s) => s === 200).length).toBe(5); // memory's own 5 (Redis had 1)
      expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    } finally {
      await web.dispose();
      await proxy.close();
    }
  });
});
