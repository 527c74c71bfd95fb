import { MemoryLog } from "@tps/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { createProgressBuffer, type ProgressBuffer } from "./progress-buffer";

describe("progress buffer", () => {
  let buffer: ProgressBuffer | undefined;
  afterEach(() => buffer?.stop());

  it("writes each attempt's latest report once per interval, in one call, clamped and trimmed", async () => {
    const writes: unknown[][] = [];
    buffer = createProgressBuffer({
      store: { recordProgress: async (updates) => void writes.push([...updates]) },
      owner: "w1",
      intervalMs: 50,
      log: new MemoryLog(),
    });
    const a = { id: 1, leaseToken: "a" };
    for (let p = 0; p <= 100; p += 10) buffer.report(a, p, `step ${p}`);
    buffer.report({ id: 2, leaseToken: "b" }, 250, "x".repeat(600));
    await new Promise((r) => setTimeout(r, 120));
    expect(writes).toHaveLength(1);
    expect(writes[0]).toEqual([
      { id: 1, leaseToken: "a", percent: 100, message: "step 100" },
      { id: 2, leaseToken: "b", percent: 100, message: "x".repeat(500) },
    ]);
    expect(() => buffer!.report(a, Number.NaN)).toThrow(/finite/);
  });

  it("survives a failed write and writes what is pending on stop", async () => {
    const log = new MemoryLog();
    let calls = 0;
    buffer = createProgressBuffer({
      store: {
        recordProgress: async () => {
          calls++;
          if (calls === 1) throw new Error("database down");
        },
      },
      owner: "w1",
      intervalMs: 10_000,
      log,
    });
    buffer.report({ id: 1, leaseToken: "a" }, 10);
    await buffer.stop();
    buffer.report({ id: 1, leaseToken: "a" }, 20);
    await buffer.stop();
    expect(calls).toBe(2);
    expect(log.entries.map((e) => e.message)).toEqual(["could not store progress"]);
  });
});
