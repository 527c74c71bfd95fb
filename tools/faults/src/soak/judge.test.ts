import { describe, expect, it } from "vitest";
import { type CallSample, DEFAULT_SOAK_BOUNDS, judgeSoak, type MemorySample, slope } from "./judge";

const MIB = 1_048_576;
const MINUTE = 60_000;
/** A sample every 10 s for `minutes`, RSS/heap from `mib(atMs)`. */
const memory = (minutes: number, mib: (atMs: number) => number): MemorySample[] =>
  Array.from({ length: (minutes * MINUTE) / 10_000 + 1 }, (_, i) => {
    const atMs = i * 10_000;
    return { atMs, rss: mib(atMs) * MIB, heap: (mib(atMs) / 2) * MIB };
  });
/** A call every second; `latency(atMs)` and `ok(atMs)` decide each. */
const calls = (
  minutes: number,
  latency: (atMs: number) => number = () => 20,
  ok: (atMs: number) => boolean = () => true,
): CallSample[] =>
  Array.from({ length: minutes * 60 }, (_, i) => {
    const atMs = i * 1_000;
    return { atMs, tasks: 200, ok: ok(atMs), latencyMs: latency(atMs) };
  });
const bounds = { ...DEFAULT_SOAK_BOUNDS, warmupMs: 5 * MINUTE };
const failed = (v: ReturnType<typeof judgeSoak>) => v.filter((x) => !x.ok).map((x) => x.what);

describe("soak judge", () => {
  it("fits a least-squares slope", () => {
    expect(
      slope([
        [0, 1],
        [1, 3],
        [2, 5],
      ]),
    ).toBeCloseTo(2);
    expect(slope([[1, 1]])).toBeNaN();
  });

  it("a flat run with a noisy sawtooth passes", () => {
    const sawtooth = (atMs: number) => 200 + ((atMs / 10_000) % 6) * 5;
    const v = judgeSoak(
      { web: memory(30, sawtooth) },
      calls(30, (t) => 20 + (t % 7)),
      30 * MINUTE,
      bounds,
    );
    expect(failed(v)).toEqual([]);
  });

  it("fails RSS and heap that grow past the bound per hour after the warm-up", () => {
    // Flat during the warm-up (start-up is not a leak), then 2 MiB a minute: 120 MiB/h.
    const leak = (atMs: number) => 200 + (Math.max(0, atMs - 5 * MINUTE) / MINUTE) * 2;
    const v = judgeSoak({ consumer: memory(30, leak) }, calls(30), 30 * MINUTE, bounds);
    expect(failed(v)).toEqual(["consumer RSS growth MiB/h", "consumer heap growth MiB/h"]);
    expect(v.find((x) => x.what.startsWith("consumer RSS"))!.value).toBeCloseTo(120, 0);
  });

  it("start-up growth inside the warm-up does not count", () => {
    const startup = (atMs: number) => (atMs < 5 * MINUTE ? 100 + atMs / 3_000 : 200);
    expect(failed(judgeSoak({ web: memory(30, startup) }, calls(30), 30 * MINUTE, bounds))).toEqual([]);
  });

  it("fails when errors appear or their rate rises", () => {
    const lateErrors = (atMs: number) => !(atMs > 25 * MINUTE && atMs % 10_000 === 0);
    const v = judgeSoak({}, calls(30, undefined, lateErrors), 30 * MINUTE, bounds);
    expect(failed(v)).toEqual(["error rate", "error rate rise, last third - first"]);
  });

  it("fails when p99 drifts between the first and the last third, not on a few ms", () => {
    const drift = (atMs: number) => (atMs > 20 * MINUTE && atMs % 20_000 === 0 ? 400 : 20);
    expect(failed(judgeSoak({}, calls(30, drift), 30 * MINUTE, bounds))).toEqual([
      "create p99 ms, last third (first 20)",
    ]);
    const small = (atMs: number) => (atMs > 20 * MINUTE ? 45 : 20);
    expect(failed(judgeSoak({}, calls(30, small), 30 * MINUTE, bounds))).toEqual([]);
  });

  it("a process with too few samples after the warm-up fails: unjudged is not passed", () => {
    const v = judgeSoak({ web: memory(4, () => 100) }, calls(4), 4 * MINUTE, bounds);
    expect(failed(v)).toEqual(["web RSS growth MiB/h", "web heap growth MiB/h"]);
  });
});
