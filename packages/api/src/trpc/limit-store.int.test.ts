import type { Log } from "@tps/core";
import { createRedisBreaker } from "@tps/infra";
import {
  deleteTestRedisKeys,
  type HungProxy,
  startHungProxy,
  TEST_REDIS_URL,
  uniqueName,
} from "@tps/infra/testing";
import { afterAll, describe, expect, it } from "vitest";
import type { Principal } from "../access";
import { createLimitStore, type LimitStoreOptions } from "./limit-store";
import { createRateLimiter, type RateLimiter } from "./rate-limit";
import { createStreamLeases } from "./stream-leases";

const prefix = `${uniqueName("tps_rl")}:`; // this file's own keys
const service = (id: string, limits?: Principal["limits"]): Principal => ({
  id,
  name: `key:${id}`,
  role: "operator",
  via: "apiKey",
  userId: "owner",
  ...(limits ? { limits } : {}),
});
const opened: { close(): Promise<void> }[] = [];
/** The command timeout of the hung-Redis tests' stores. */
const HUNG_TIMEOUT_MS = 200;
const quiet = { info() {}, warn() {}, error() {}, debug() {} } as unknown as Log;
/** A store with the breaker the apps give it (@tps/infra's). */
const store = (options: LimitStoreOptions = { redis: { url: TEST_REDIS_URL, prefix } }) => {
  const created = createLimitStore({
    breaker: (hooks) => createRedisBreaker({ name: "rate limits' redis", log: quiet, ...hooks }),
    ...options,
  });
  opened.push(created);
  return created;
};
const silentLog = () => {
  const lines: string[] = [];
  const log = {
    info: (_: object, m: string) => lines.push(m),
    warn: (_: object, m: string) => lines.push(m),
  };
  return { lines, log: { ...log, error: log.warn, debug: () => {} } as unknown as LimitStoreOptions["log"] };
};

/**
 * Runs `body` with a rate limiter whose store reaches Redis through a proxy that the body can
 * freeze (a hung Redis, 200 ms command timeout); the proxy is closed afterwards.
 */
async function withHungRedis(
  options: Omit<LimitStoreOptions, "redis">,
  body: (limiter: RateLimiter, proxy: HungProxy) => Promise<void>,
) {
  const proxy = await startHungProxy({
    host: "127.0.0.1",
    port: Number(new URL(TEST_REDIS_URL).port || 6379),
  });
  try {
    const hung = store({
      redis: { url: `redis://127.0.0.1:${proxy.port}`, prefix, commandTimeoutMs: HUNG_TIMEOUT_MS },
      ...options,
    });
    await body(createRateLimiter({ store: hung }), proxy);
  } finally {
    await proxy.close();
  }
}

afterAll(async () => {
  for (const s of opened) await s.close();
  await deleteTestRedisKeys(prefix);
});

describe("limits shared through Redis", () => {
  it("two processes sharing Redis are limited together: the sum, not each", async () => {
    // Invariant: across both "processes", accepted creates ≤ the limit (burst 100 per 4 s window).
    const limits = { creates: { perSecond: 25, burst: 100 } };
    const [a, b] = [createRateLimiter({ store: store() }), createRateLimiter({ store: store() })];
    const caller = service("svc-shared", limits);
    const waits = await Promise.all(
      Array.from({ length: 150 }, (_, i) => (i % 2 ? a : b).take(caller, "creates")),
    );
    const accepted = waits.filter((w) => w === 0).length;
    console.log(`two processes, 150 creates: ${accepted} accepted (limit 100 per window)`);
    expect(accepted).toBe(100);
    expect(Math.min(...waits.filter((w) => w > 0))).toBeGreaterThanOrEqual(1);
  });

  it("in memory alone (no Redis), each process would grant the whole limit: the test above sees it", async () => {
    const [a, b] = [createRateLimiter({ store: store({}) }), createRateLimiter({ store: store({}) })];
    const caller = service("svc-memory", { creates: { perSecond: 25, burst: 100 } });
    const waits = await Promise.all(
      Array.from({ length: 150 }, (_, i) => (i % 2 ? a : b).take(caller, "creates")),
    );
    expect(waits.filter((w) => w === 0).length).toBe(150); // 75 each: per process, as before
  });

  it("counts refusals per caller across processes and tells how long the caller is blocked", async () => {
    const refusals = { points: 3, seconds: 60 };
    const [a, b] = [
      createRateLimiter({ store: store(), refusals }),
      createRateLimiter({ store: store(), refusals }),
    ];
    await a.refused("addr:203.0.113.9");
    await b.refused("addr:203.0.113.9");
    expect(await a.refusedWait("addr:203.0.113.9")).toBe(0);
    await a.refused("addr:203.0.113.9");
    expect(await b.refusedWait("addr:203.0.113.9")).toBeGreaterThan(50);
    expect(await b.refusedWait("addr:203.0.113.10")).toBe(0);
  });
});

describe("Redis out", () => {
  it("hung Redis: every call is answered promptly from memory, limits still hold per process, told once", async () => {
    const { lines, log } = silentLog();
    const changes: string[] = [];
    await withHungRedis({ log, onStore: (s) => changes.push(s) }, async (limiter, proxy) => {
      const caller = service("svc-hung", { creates: { perSecond: 5, burst: 10 } });
      expect(await limiter.take(caller, "creates")).toBe(0); // Redis answers: connected
      proxy.freeze();
      const latencies: number[] = [];
      const waits: number[] = [];
      for (let i = 0; i < 40; i++) {
        const started = performance.now();
        waits.push(await limiter.take(caller, "creates"));
        latencies.push(performance.now() - started);
      }
      const slow = latencies.filter((ms) => ms > 50).length;
      console.log(
        `hung Redis: 40 calls, max ${Math.round(Math.max(...latencies))} ms, ${slow} over 50 ms, ${waits.filter((w) => w === 0).length} accepted`,
      );
      expect(Math.max(...latencies)).toBeLessThan(400); // bounded by the command timeout
      expect(slow).toBeLessThanOrEqual(1); // then memory directly, without waiting on Redis
      expect(waits.filter((w) => w === 0).length).toBe(10); // the limit, in this process's memory
      expect(changes).toEqual(["memory"]);
      expect(lines.filter((l) => l.includes("Redis unavailable"))).toHaveLength(1);
    });
  });

  it("hung Redis: stream opens wait for the command timeout once, not once per open", async () => {
    await withHungRedis({}, async (limiter, proxy) => {
      const viewer = service("svc-hung-streams", { streams: 100 });
      (await limiter.openStream(viewer))?.release(); // Redis answers: connected
      proxy.freeze();
      const latencies: number[] = [];
      for (let i = 0; i < 20; i++) {
        const started = performance.now();
        expect(await limiter.openStream(viewer)).not.toBeNull(); // counted in memory meanwhile
        latencies.push(performance.now() - started);
      }
      // A call this long waited for the command timeout: the memory path takes microseconds.
      const waited = latencies.filter((ms) => ms >= HUNG_TIMEOUT_MS * 0.9).length;
      console.log(`hung Redis: 20 stream opens, ${waited} waited for the ${HUNG_TIMEOUT_MS} ms timeout`);
      expect(waited).toBeLessThanOrEqual(1);
    });
  });

  it("hung Redis for longer than the probe interval: no caller waits for a probe", async () => {
    await withHungRedis({ log: silentLog().log }, async (limiter, proxy) => {
      const caller = service("svc-hung-long", { creates: { perSecond: 1000, burst: 1000 } });
      expect(await limiter.take(caller, "creates")).toBe(0);
      proxy.freeze();
      let waited = 0;
      let calls = 0;
      const until = performance.now() + 6_000;
      while (performance.now() < until) {
        const started = performance.now();
        await limiter.take(caller, "creates");
        if (performance.now() - started >= HUNG_TIMEOUT_MS * 0.9) waited++;
        calls++;
        await new Promise((r) => setTimeout(r, 50));
      }
      console.log(
        `hung Redis for 6 s: ${calls} calls, ${waited} waited for the ${HUNG_TIMEOUT_MS} ms timeout`,
      );
      expect(waited).toBeLessThanOrEqual(1);
    });
  });

  it("Redis refusing connections: answered at once from memory", async () => {
    const down = store({ redis: { url: "redis://127.0.0.1:1", prefix }, log: silentLog().log });
    const limiter = createRateLimiter({ store: down, perSecond: 1, burst: 3 });
    const started = performance.now();
    const waits = [];
    for (let i = 0; i < 5; i++) waits.push(await limiter.take(service("svc-down"), "creates"));
    expect(performance.now() - started).toBeLessThan(200);
    expect(waits.slice(0, 3)).toEqual([0, 0, 0]);
    expect(waits[3]).toBeGreaterThanOrEqual(1);
  });
});

describe("open streams", () => {
  it("counts a principal's streams across processes and frees a place on release", async () => {
    const [a, b] = [createRateLimiter({ store: store() }), createRateLimiter({ store: store() })];
    const viewer = service("svc-streams", { streams: 2 });
    const first = await a.openStream(viewer);
    const second = await b.openStream(viewer);
    expect(first && second).toBeTruthy();
    expect(await a.openStream(viewer)).toBeNull();
    first!.release();
    first!.release(); // idempotent
    const third = await b.openStream(viewer);
    expect(third).not.toBeNull();
    expect(await a.openStream(viewer)).toBeNull();
    second!.release();
    third!.release();
  });

  it("a crashed process's places lapse with their lease", async () => {
    const crashedStore = store();
    const crashed = createStreamLeases(crashedStore, 1_000); // leases of 1 s, renewed every 333 ms
    const survivor = createStreamLeases(store(), 1_000);
    const lease = await crashed.open("svc-crash", 1);
    expect(lease).not.toBeNull();
    expect(await survivor.open("svc-crash", 1)).toBeNull();
    await crashedStore.close(); // a crash: never released, and no renewal either
    await new Promise((r) => setTimeout(r, 1_300));
    expect(await survivor.open("svc-crash", 1)).not.toBeNull();
  });
});
