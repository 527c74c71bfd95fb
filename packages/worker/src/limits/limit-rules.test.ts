import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineTask } from "../define-task";
import { registrationOf } from "../registration";
import { keysOf, limitsOf, paddedWindowMs } from "./limit-rules";

const base = { input: z.object({ k: z.string() }), run: async () => null };

describe("declared limits", () => {
  it("are checked when the task is defined", () => {
    const bad: [string, object, RegExp][] = [
      ["concurrencyLimit 0", { concurrencyLimit: 0 }, /concurrencyLimit must be an integer/],
      ["concurrencyLimit 1.5", { concurrencyLimit: 1.5 }, /concurrencyLimit must be an integer/],
      ["a key without a limit", { concurrencyKey: () => "x" }, /concurrencyKey needs a concurrencyLimit/],
      ["rate max 0", { rateLimit: { max: 0, perMs: 1_000 } }, /rateLimit.max must be an integer/],
      ["rate perMs 0", { rateLimit: { max: 1, perMs: 0 } }, /rateLimit.perMs must be an integer/],
      ["rate without perMs", { rateLimit: { max: 1 } }, /rateLimit needs both max and perMs/],
      [
        "rate key not a function",
        { rateLimit: { max: 1, perMs: 1, key: "k" } },
        /rateLimit.key must be a function/,
      ],
    ];
    for (const [, options, message] of bad) {
      expect(() => defineTask({ type: "t", ...base, ...options } as never)).toThrow(message);
    }
  });

  it("are registered with the type", () => {
    const t = defineTask({
      type: "t",
      ...base,
      concurrencyLimit: 5,
      concurrencyKey: (i) => i.k,
      rateLimit: { max: 100, perMs: 60_000 },
    });
    expect(registrationOf(t).limits).toEqual({
      concurrency: { limit: 5, keyed: true },
      rate: { max: 100, perMs: 60_000, keyed: false },
    });
    expect(registrationOf(defineTask({ type: "u", ...base })).limits).toEqual({
      concurrency: null,
      rate: null,
    });
  });

  it("pad the rate window by max(100 ms, 2 %)", () => {
    expect(paddedWindowMs(1_000)).toBe(1_100);
    expect(paddedWindowMs(60_000)).toBe(61_200);
  });

  it("read keys from the parsed input, and name a bad key instead of counting it", () => {
    const limits = limitsOf(
      defineTask({
        type: "t",
        input: z.object({ k: z.string(), n: z.number().default(0) }),
        concurrencyLimit: 1,
        concurrencyKey: (i) => (i.n === 1 ? (undefined as never) : i.k),
        rateLimit: { max: 1, perMs: 10, key: (i) => `${i.k}:${i.n}` },
        run: async () => null,
      }),
    )!;
    expect(limits.keyed).toBe(true);
    expect(limits.parse('{"k":"a"}')).toEqual({ input: { k: "a", n: 0 } });
    expect(limits.parse('{"k":1}')).toBeUndefined();
    expect(keysOf(limits, { k: "a", n: 0 })).toEqual({ concurrency: "a", rate: "a:0" });
    expect(keysOf(limits, { k: "a", n: 1 })).toEqual({ error: expect.stringMatching(/got undefined/) });
    expect(keysOf(limits, { k: "x".repeat(201), n: 0 })).toEqual({
      error: expect.stringMatching(/up to 200 characters \(got a string of 201 characters\)/),
    });
    expect(limitsOf(defineTask({ type: "p", ...base }))).toBeNull();
  });
});
