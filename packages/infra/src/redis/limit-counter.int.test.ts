import { MemoryLog } from "@tps/core/testing";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { TEST_REDIS_URL, uniqueName } from "../testing";
import { createLimitCounter } from "./limit-counter";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The Lua counts on a real Redis: slots never over the limit, expire with the lease; the rate log never over max per window. */
describe("limit counter (Redis)", () => {
  const prefix = `${uniqueName("limits")}:`;
  const counter = createLimitCounter(TEST_REDIS_URL, { prefix, leaseMs: 400, log: new MemoryLog() });
  afterAll(async () => {
    const redis = new Redis(TEST_REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await counter.close();
  });

  it("grants at most `limit` slots per key, whoever asks, and frees them on release or expiry", async () => {
    const a = { type: "t", key: "a", limit: 3 };
    const got = await counter.acquireSlots([
      { ...a, holders: ["h1", "h2"] },
      { ...a, holders: ["h3", "h4"] },
      { type: "t", key: "b", limit: 3, holders: ["h5"] },
    ]);
    expect(got.map((g) => g.taken)).toEqual([2, 1, 1]);
    expect(got[1]!.waitMs).toBeGreaterThan(300); // the earliest slot lapses a lease from now
    expect(got[1]!.waitMs).toBeLessThanOrEqual(400);
    expect(await counter.freeSlots(a, 3)).toBe(0);
    await counter.releaseSlots([{ type: "t", key: "a", holders: ["h1"] }]);
    expect(await counter.freeSlots(a, 3)).toBe(1);
    // Renewed slots outlive the lease; the others lapse (a worker killed with -9).
    await sleep(250);
    await counter.renewSlots([{ type: "t", key: "a", holders: ["h2"] }]);
    await sleep(250);
    expect(await counter.freeSlots(a, 3)).toBe(2);
    expect((await counter.acquireSlots([{ ...a, holders: ["h6", "h7", "h8"] }]))[0]!.taken).toBe(2);
  });

  it("lets at most max tokens into any window and tells the others when one frees", async () => {
    const r = { type: "r", key: null, max: 3, windowMs: 300 };
    // When each token was taken, by Redis's clock (the log's scores): times read here after the reply
    // would add the round trip's jitter, which on a loaded machine broke the window check.
    const redis = new Redis(TEST_REDIS_URL);
    const takenAt = async (holder: string) => Number(await redis.zscore(`${prefix}limit:r:r`, holder));
    try {
      const first = await counter.takeTokens([{ ...r, holders: ["a", "b", "c", "d", "e"] }]);
      expect(first[0]!.taken).toBe(3);
      expect(first[0]!.waitMs).toHaveLength(2);
      expect(first[0]!.waitMs[0]).toBeGreaterThan(250);
      expect(first[0]!.waitMs[0]).toBeLessThanOrEqual(301);
      const starts = [await takenAt("a"), await takenAt("b"), await takenAt("c")];
      // Hammer it until three more windows' tokens are taken: in any window of 300 ms at most 3.
      const giveUp = Date.now() + 10_000;
      for (let n = 0; starts.length < 12 && Date.now() < giveUp; n++) {
        const [res] = await counter.takeTokens([{ ...r, holders: [`x${n}`] }]);
        if (res!.taken === 1) starts.push(await takenAt(`x${n}`));
        await sleep(5);
      }
      expect(starts).toHaveLength(12);
      for (let i = 3; i < starts.length; i++) expect(starts[i]! - starts[i - 3]!).toBeGreaterThanOrEqual(300);
    } finally {
      redis.disconnect();
    }
  });

  it("rejects at once while Redis cannot be reached, and says so", async () => {
    const down = createLimitCounter("redis://127.0.0.1:1", { prefix, leaseMs: 400, log: new MemoryLog() });
    try {
      await expect(down.acquireSlots([{ type: "t", key: null, limit: 1, holders: ["h"] }])).rejects.toThrow();
      expect(down.unavailable).toBe(true);
      const t0 = performance.now();
      await expect(
        down.takeTokens([{ type: "t", key: null, max: 1, windowMs: 10, holders: ["h"] }]),
      ).rejects.toThrow();
      expect(performance.now() - t0).toBeLessThan(50);
    } finally {
      await down.close();
    }
  });
});
