import { describe, expect, it } from "vitest";
import type { Principal } from "../access";
import { limitClassOf } from "../access";
import { createManyCost } from "./call-limits";
import { createRateLimiter, ruleOf } from "./rate-limit";
import { keyLimitsOf, parseRateLimitsSetting } from "./rate-limit-schema";

const principal = (role: Principal["role"], limits?: Principal["limits"]): Principal => ({
  id: `${role}-${Math.random()}`,
  name: role,
  role,
  via: "apiKey",
  userId: "u",
  ...(limits ? { limits } : {}),
});

describe("rate limit rules", () => {
  it("turns a rate and burst into a fixed window", () => {
    expect(ruleOf({ perSecond: 50, burst: 200 })).toEqual({ points: 200, seconds: 4 });
    expect(ruleOf({ perSecond: 1000, burst: 4000 })).toEqual({ points: 4000, seconds: 4 });
    expect(ruleOf({ perSecond: 0.5, burst: 2 })).toEqual({ points: 2, seconds: 4 });
    expect(ruleOf({ perSecond: 100, burst: 10 })).toEqual({ points: 100, seconds: 1 }); // windows are ≥ 1 s
  });

  it("classes calls, and prices a createMany by its tasks", () => {
    expect(limitClassOf("tasks.create")).toBe("creates");
    expect(limitClassOf("tasks.createMany")).toBe("creates");
    expect(limitClassOf("tasks.deleteMatching")).toBe("bulk");
    expect(limitClassOf("tasks.list")).toBe("calls");
    expect(limitClassOf("tasks.cancel")).toBe("calls");
    expect(createManyCost({ payloads: Array(500).fill("x") })).toBe(5);
    expect(createManyCost({ items: Array(101).fill({}) })).toBe(2);
    expect(createManyCost({ payloads: [] })).toBe(1);
    expect(createManyCost("garbage")).toBe(1);
  });

  it("gives a key's own limits precedence over its role's, and lets a role's be lifted", async () => {
    const limiter = createRateLimiter({
      roles: { operator: { creates: { perSecond: 1, burst: 2 } }, viewer: { calls: null } },
    });
    const plain = principal("operator");
    const fast = principal("operator", { creates: { perSecond: 1000, burst: 4000 } });
    const waits = async (p: Principal, n: number) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push(await limiter.take(p, "creates"));
      return out;
    };
    expect((await waits(plain, 3)).map((w) => w > 0)).toEqual([false, false, true]);
    expect((await waits(fast, 100)).every((w) => w === 0)).toBe(true);
    const viewer = principal("viewer");
    for (let i = 0; i < 3_000; i++) expect(await limiter.take(viewer, "calls")).toBe(0);
  });

  it("parses RATE_LIMITS, and refuses what it does not know", () => {
    expect(parseRateLimitsSetting(undefined)).toEqual({});
    expect(
      parseRateLimitsSetting(
        '{"operator":{"creates":{"perSecond":200}},"viewer":{"streams":null},"refused":{"points":5,"seconds":60}}',
      ),
    ).toEqual({
      operator: { creates: { perSecond: 200, burst: 800 } },
      viewer: { streams: null },
      refused: { points: 5, seconds: 60 },
    });
    expect(() => parseRateLimitsSetting("{")).toThrow(/JSON/);
    expect(() => parseRateLimitsSetting('{"root":{}}')).toThrow(/RATE_LIMITS/);
    expect(() => parseRateLimitsSetting('{"viewer":{"creates":{"perSecond":-1}}}')).toThrow();
  });

  it("reads a key's limits from its metadata, ignoring what is not valid", () => {
    const limits = { creates: { perSecond: 1000, burst: 4000 } };
    expect(keyLimitsOf({ role: "operator", limits })).toEqual(limits);
    expect(keyLimitsOf(JSON.stringify({ role: "operator", limits }))).toEqual(limits);
    expect(keyLimitsOf({ role: "operator" })).toBeUndefined();
    expect(keyLimitsOf({ role: "operator", limits: { creates: "fast" } })).toBeUndefined();
    expect(keyLimitsOf("not json")).toBeUndefined();
  });
});
