import { describe, expect, it } from "vitest";
import { createBatcher } from "./batcher";

/** A flush that records its batch and finishes when told to. */
function recorder() {
  const batches: number[][] = [];
  const finish: (() => void)[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const flush = (items: number[]) => {
    batches.push(items);
    running++;
    mostAtOnce = Math.max(mostAtOnce, running);
    return new Promise<void>((resolve) =>
      finish.push(() => {
        running--;
        resolve();
      }),
    );
  };
  return { batches, finish, flush, mostAtOnce: () => mostAtOnce };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("batcher", () => {
  it("sends a full batch at once and a partial one after its window, one batch at a time", async () => {
    const r = recorder();
    const batcher = createBatcher<number>({ maxSize: 3, maxWaitMs: 20, flush: r.flush, onError: () => {} });
    for (let i = 1; i <= 7; i++) batcher.add(i);
    expect(r.batches).toEqual([[1, 2, 3]]); // the rest waits for the running flush
    r.finish.shift()!();
    await tick();
    expect(r.batches).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    r.finish.shift()!();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(r.batches.at(-1)).toEqual([7]);
    r.finish.shift()!();
    expect(r.mostAtOnce()).toBe(1);
  });

  it("drain sends everything queued, batch after batch, and waits for the last", async () => {
    const r = recorder();
    const batcher = createBatcher<number>({
      maxSize: 2,
      maxWaitMs: 1_000,
      flush: r.flush,
      onError: () => {},
    });
    for (let i = 1; i <= 5; i++) batcher.add(i);
    let drained = false;
    const draining = batcher.drain().then(() => {
      drained = true;
    });
    while (!drained) {
      await tick();
      r.finish.shift()?.();
    }
    await draining;
    expect(r.batches).toEqual([[1, 2], [3, 4], [5]]);
    expect(r.mostAtOnce()).toBe(1);
    expect(batcher.pending).toBe(0);
  });
});
