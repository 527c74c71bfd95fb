import { describe, expect, it } from "vitest";
import { DependencyUnavailableError } from "./domain/errors";
import { groupCommit } from "./group-commit";

/** A run that records its calls and, while held, waits until released. */
function heldRun(fail: (calls: string[]) => Error | null = () => null) {
  const runs: string[][] = [];
  const waiting: (() => void)[] = [];
  let held = true;
  return {
    runs,
    release() {
      held = false;
      for (const resume of waiting.splice(0)) resume();
    },
    async run(calls: string[]) {
      runs.push([...calls]);
      if (held) await new Promise<void>((resolve) => waiting.push(resolve));
      const failure = fail(calls);
      if (failure) throw failure;
      return calls.map((c) => c.toUpperCase());
    },
  };
}

describe("groupCommit", () => {
  it("starts calls at once while slots are free, then sends the waiting ones together", async () => {
    const held = heldRun();
    const sizes: number[][] = [];
    const call = groupCommit({ run: held.run, maxInFlight: 2, onBatch: (c, w) => sizes.push([c, w]) });
    const results = ["a", "b", "c", "d", "e"].map(call);
    expect(held.runs).toEqual([["a"], ["b"]]);
    held.release();
    expect(await Promise.all(results)).toEqual(["A", "B", "C", "D", "E"]);
    expect(held.runs).toEqual([["a"], ["b"], ["c", "d", "e"]]);
    expect(sizes).toEqual([
      [1, 1],
      [1, 1],
      [3, 3],
    ]);
  });

  it("keeps a shared run within maxSize by weight", async () => {
    const held = heldRun();
    const call = groupCommit({ run: held.run, maxInFlight: 1, maxSize: 4, weight: (c: string) => c.length });
    const results = ["x", "aa", "bb", "ccc", "dddddd", "e"].map(call);
    held.release();
    await Promise.all(results);
    expect(held.runs).toEqual([["x"], ["aa", "bb"], ["ccc"], ["dddddd"], ["e"]]);
  });

  it("retries a failed shared run call by call, so only the failing call fails", async () => {
    const held = heldRun((calls) => (calls.includes("bad") ? new Error("bad input") : null));
    const call = groupCommit({ run: held.run, maxInFlight: 1 });
    const [first, good, bad, other] = ["first", "good", "bad", "other"].map(call);
    held.release();
    await expect(bad).rejects.toThrow("bad input");
    expect(await Promise.all([first, good, other])).toEqual(["FIRST", "GOOD", "OTHER"]);
    expect(held.runs.slice(1)).toEqual([["good", "bad", "other"], ["good"], ["bad"], ["other"]]);
  });

  it("fails every call of a shared run at once when a dependency is unreachable, without retries", async () => {
    let down = false;
    const held = heldRun(() => (down ? new DependencyUnavailableError("database") : null));
    const call = groupCommit({ run: held.run, maxInFlight: 1 });
    const [first, ...shared] = ["first", "x", "y"].map(call);
    down = true;
    held.release();
    await expect(first).rejects.toBeInstanceOf(DependencyUnavailableError);
    for (const c of shared) await expect(c).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(held.runs).toEqual([["first"], ["x", "y"]]);
  });
});
