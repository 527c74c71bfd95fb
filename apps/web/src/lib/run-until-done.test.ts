import { describe, expect, it } from "vitest";
import { progressRatio, runUntilDone } from "./run-until-done";

const steps = (...results: [number, number][]) => {
  const queue = [...results];
  return async () => {
    const [changed, remaining] = queue.shift() ?? [0, 0];
    return { changed, remaining };
  };
};

describe("runUntilDone", () => {
  it("loops until nothing remains and reports progress", async () => {
    const seen: [number, number][] = [];
    const result = await runUntilDone(steps([2, 3], [2, 1], [1, 0]), (p) => seen.push([p.done, p.remaining]));
    expect(seen).toEqual([
      [2, 3],
      [4, 1],
      [5, 0],
    ]);
    expect(result).toEqual({ done: 5, remaining: 0, stalled: false });
  });

  it("is a no-op when nothing matches (idempotent repeat)", async () => {
    expect(await runUntilDone(steps([0, 0]), () => {})).toEqual({ done: 0, remaining: 0, stalled: false });
  });

  it("stops when a call makes no progress", async () => {
    expect(await runUntilDone(steps([3, 2], [0, 2]), () => {})).toEqual({
      done: 3,
      remaining: 2,
      stalled: true,
    });
  });

  it("stops when aborted", async () => {
    const abort = new AbortController();
    abort.abort();
    expect(await runUntilDone(steps([1, 9]), () => {}, abort.signal)).toMatchObject({
      done: 1,
      remaining: 9,
    });
  });
});

describe("progressRatio", () => {
  it("is the share done", () => {
    expect(progressRatio({ done: 1, remaining: 3 })).toBe(0.25);
    expect(progressRatio({ done: 0, remaining: 0 })).toBe(1);
  });
});
