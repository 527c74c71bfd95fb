import type { HeldTaskStore, LimitCounter, LimitScope } from "@tps/core";
import { MemoryLog } from "@tps/core/testing";
import { describe, expect, it } from "vitest";
import { createSlotBook } from "./slot-book";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function setup(free = 0) {
  const calls = {
    renewed: [] as string[][],
    released: [] as string[][],
    woken: [] as [LimitScope, number][],
  };
  let down = false;
  const counter = {
    async renewSlots(slots) {
      if (down) throw new Error("down");
      calls.renewed.push(slots.flatMap((s) => [...s.holders]));
    },
    async releaseSlots(slots) {
      if (down) throw new Error("down");
      calls.released.push(slots.flatMap((s) => [...s.holders]));
    },
    async freeSlots() {
      return free;
    },
  } as Partial<LimitCounter> as LimitCounter;
  const held = {
    async wake(scope: LimitScope, count: number) {
      calls.woken.push([scope, count]);
      return count;
    },
  } as Partial<HeldTaskStore> as HeldTaskStore;
  let kicks = 0;
  const book = createSlotBook({ counter, held, leaseMs: 300, kick: () => kicks++, log: new MemoryLog() });
  return { book, calls, kicks: () => kicks, setDown: (d: boolean) => (down = d) };
}

describe("slot book", () => {
  it("renews held slots every third of the lease and releases in one batch, waking one task per slot", async () => {
    const t = setup();
    const a = { type: "t", key: "a" };
    t.book.add("h1", a);
    t.book.add("h2", a);
    t.book.add("h3", { type: "t", key: "b" });
    await sleep(130);
    expect(t.calls.renewed.at(-1)?.sort()).toEqual(["h1", "h2", "h3"]);
    t.book.release("h1");
    t.book.release("h2");
    t.book.release("h2"); // once only
    await sleep(10);
    expect(t.calls.released).toEqual([["h1", "h2"]]);
    expect(t.calls.woken).toEqual([[{ type: "t", key: "a", holders: ["h1", "h2"] }, 2]]);
    expect(t.kicks()).toBe(1);
    await t.book.stop();
  });

  it("tries a release again at the next renewal when Redis did not answer", async () => {
    const t = setup();
    t.book.add("h1", { type: "t", key: null });
    t.setDown(true);
    t.book.release("h1");
    await sleep(10);
    expect(t.calls.released).toEqual([]);
    t.setDown(false);
    await sleep(130);
    expect(t.calls.released).toEqual([["h1"]]);
    await t.book.stop();
  });

  it("wakes held tasks when a slot freed while they were being held (the recheck)", async () => {
    const t = setup(2);
    await t.book.recheck([{ type: "t", key: "a", limit: 3 }]);
    expect(t.calls.woken).toEqual([[{ type: "t", key: "a", limit: 3 }, 2]]);
    expect(t.kicks()).toBe(1);
    await t.book.stop();
  });
});
