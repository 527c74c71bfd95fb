import type { ScheduleTicks } from "@tps/core";
import { afterEach, expect, it, vi } from "vitest";
import { startScheduler } from "./scheduler";

const silent = { info() {}, warn() {}, error() {} };
afterEach(() => vi.useRealTimers());

/** A ticker that answers from a script: each tick's result, and the time to the next tick. */
function scripted(ticks: (ScheduleTicks | Error)[], untilNext: number | null) {
  const calls: number[] = [];
  return {
    calls,
    ticker: {
      async tick() {
        calls.push(Date.now());
        const next = ticks.shift() ?? { tasks: [], missed: 0 };
        if (next instanceof Error) throw next;
        return next;
      },
      msUntilNextDue: async () => untilNext,
    },
  };
}

const made = (n: number, missed = 0): ScheduleTicks => ({
  tasks: Array.from({ length: n }, (_, i) => ({ id: i + 1, type: "sleep", scheduleId: "s" })),
  missed,
});

it("makes due ticks, counts them, kicks the publish loop, then sleeps until the next tick", async () => {
  vi.useFakeTimers();
  const { ticker, calls } = scripted([made(2, 3)], 250);
  const onTicks = vi.fn();
  const onTasks = vi.fn();
  const scheduler = startScheduler({ ticker, log: silent, onTicks, onTasks });
  await vi.advanceTimersByTimeAsync(0);
  expect(onTicks).toHaveBeenCalledWith(2, 3);
  expect(onTasks).toHaveBeenCalledTimes(1);
  expect(calls).toHaveLength(1);
  await vi.advanceTimersByTimeAsync(249);
  expect(calls).toHaveLength(1);
  await vi.advanceTimersByTimeAsync(1);
  expect(calls).toHaveLength(2);
  expect(onTasks).toHaveBeenCalledTimes(1); // nothing made: no kick
  await scheduler.stop();
});

it("reads the schedules at least every second, never spins on a due row held elsewhere", async () => {
  vi.useFakeTimers();
  const idle = scripted([], null);
  const a = startScheduler({ ticker: idle.ticker, log: silent, onTicks() {}, onTasks() {} });
  await vi.advanceTimersByTimeAsync(3_000);
  expect(idle.calls.length).toBe(4);
  await a.stop();

  const held = scripted([], -500); // due, but another process holds it
  const b = startScheduler({ ticker: held.ticker, log: silent, onTicks() {}, onTasks() {} });
  await vi.advanceTimersByTimeAsync(1_000);
  expect(held.calls.length).toBeLessThanOrEqual(51);
  await b.stop();
});

it("a full batch runs the next one at once; a failed pass is reported and the loop goes on", async () => {
  vi.useFakeTimers();
  const { ticker, calls } = scripted([made(2), made(1), new Error("db down"), made(1)], 10_000);
  const onError = vi.fn();
  const onTicks = vi.fn();
  const scheduler = startScheduler({ ticker, log: silent, onTicks, onTasks() {}, onError, batch: 2 });
  await vi.advanceTimersByTimeAsync(0);
  expect(calls).toHaveLength(2); // full, then the rest at once
  await vi.advanceTimersByTimeAsync(1_000);
  expect(calls).toHaveLength(3);
  expect(onError).toHaveBeenCalledTimes(1);
  await vi.advanceTimersByTimeAsync(1_000);
  expect(calls).toHaveLength(4);
  expect(onTicks.mock.calls).toEqual([
    [2, 0],
    [1, 0],
    [1, 0],
  ]);
  await scheduler.stop();
  await vi.advanceTimersByTimeAsync(5_000);
  expect(calls).toHaveLength(4); // stopped: no more passes
});
