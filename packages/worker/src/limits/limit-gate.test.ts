import type { HeldTaskStore, HoldRequest, LimitCounter, LimitScope } from "@tps/core";
import { MemoryLog } from "@tps/core/testing";
import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { type AnyTaskDefinition, defineTask } from "../define-task";
import { isNonRetryable } from "../errors";
import { createConsumerMetrics } from "../metrics";
import { fakeDelivery, type RecordedDelivery } from "../testing";
import { createLimits } from ".";

const scopeId = (s: LimitScope) => `${s.type}/${s.key}`;

/** Slots and tokens in memory, with the adapter's semantics (no expiry: tests release by hand). */
function memoryCounter() {
  const slots = new Map<string, Set<string>>();
  const tokens = new Map<string, number>();
  const state = { down: false, calls: 0 };
  const guard = () => {
    state.calls++;
    if (state.down) throw new Error("redis unreachable");
  };
  const counter: LimitCounter = {
    async acquireSlots(requests) {
      guard();
      return requests.map((r) => {
        const set = slots.get(scopeId(r)) ?? new Set();
        slots.set(scopeId(r), set);
        const got = Math.max(0, Math.min(r.holders.length, r.limit - set.size));
        for (const h of r.holders.slice(0, got)) set.add(h);
        return { taken: got, waitMs: 3_000 };
      });
    },
    async renewSlots() {
      guard();
    },
    async releaseSlots(groups) {
      guard();
      for (const g of groups) for (const h of g.holders) slots.get(scopeId(g))?.delete(h);
    },
    async freeSlots(scope, limit) {
      guard();
      return Math.max(0, limit - (slots.get(scopeId(scope))?.size ?? 0));
    },
    async takeTokens(requests) {
      guard();
      return requests.map((r) => {
        const used = tokens.get(scopeId(r)) ?? 0;
        const taken = Math.max(0, Math.min(r.holders.length, r.max - used));
        tokens.set(scopeId(r), used + taken);
        return { taken, waitMs: r.holders.slice(taken).map((_, j) => 100 + j) };
      });
    },
    get unavailable() {
      return state.down;
    },
    async close() {},
  };
  return { counter, slots, state };
}

function memoryHeld(payloads: Map<number, unknown>) {
  const holds: HoldRequest[] = [];
  const wakes: { scope: LimitScope; count: number }[] = [];
  const store: HeldTaskStore = {
    async inputs(ids) {
      return ids
        .filter((id) => payloads.has(id))
        .map((id) => ({ id, payload: JSON.stringify(payloads.get(id)) }));
    },
    async hold(requests) {
      holds.push(...requests);
      return requests.map((r) => r.id);
    },
    async wake(scope, count) {
      wakes.push({ scope, count });
      return count;
    },
    async waiting() {
      return [];
    },
  };
  return { store, holds, wakes };
}

const keyed = defineTask({
  type: "keyed",
  input: z.object({ k: z.string() }),
  concurrencyLimit: 2,
  concurrencyKey: (input) => input.k,
  run: async () => null,
});

/** The gates setup() made, stopped after each test (even one whose assertion failed). */
const started: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((limits) => limits.stop()));
});

function setup(inputs: [number, unknown][] = [], definitions: AnyTaskDefinition[] = [keyed]) {
  const mem = memoryCounter();
  const held = memoryHeld(new Map(inputs));
  const claimed: RecordedDelivery[] = [];
  let kicks = 0;
  const metrics = createConsumerMetrics(new Registry());
  const limits = createLimits({
    definitions,
    counter: () => mem.counter,
    held: held.store,
    owner: "w1",
    leaseMs: 3_000,
    batchSize: 100,
    batchWindowMs: 1,
    kick: () => kicks++,
    metrics,
    log: new MemoryLog(),
  });
  started.push(limits);
  const accept = limits.acceptorFor(definitions[0]!.type, (d) => claimed.push(d as RecordedDelivery));
  const send = async (...ids: number[]) => {
    const deliveries = ids.map((id) => fakeDelivery(id));
    for (const d of deliveries) accept(d);
    await new Promise((r) => setTimeout(r, 30));
    return deliveries;
  };
  return { limits, mem, held, claimed, send, metrics, kicks: () => kicks };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe("limit gate", () => {
  it("passes tasks with a slot to the claim, holds the rest (acked, no attempt) and wakes one per freed slot", async () => {
    const t = setup([1, 2, 3, 4].map((id) => [id, { k: id === 4 ? "b" : "a" }]));
    const deliveries = await t.send(1, 2, 3, 4);
    expect(t.claimed.map((d) => d.taskId)).toEqual([1, 2, 4]);
    expect(t.held.holds).toEqual([{ id: 3, waitingOn: "concurrency", concurrencyKey: "a", waitMs: 3_000 }]);
    expect(deliveries[2]!.fate).toBe("ack");
    expect(t.mem.slots.get("keyed/a")?.size).toBe(2);

    // The claimed task's settle acks its message: the slot goes back and one held task is woken.
    t.claimed[0]!.ack();
    await settle();
    expect(t.mem.slots.get("keyed/a")?.size).toBe(1);
    expect(t.held.wakes).toContainEqual({
      scope: { type: "keyed", key: "a", holders: expect.any(Array) },
      count: 1,
    });
    expect(t.kicks()).toBeGreaterThan(0);
    expect(deliveries[0]!.fate).toBe("ack");
  });

  it("gives a slot back when the claim did not get the task (requeued or acked unclaimed)", async () => {
    const t = setup([[1, { k: "a" }]]);
    await t.send(1);
    t.claimed[0]!.requeue();
    await settle();
    expect(t.mem.slots.get("keyed/a")?.size).toBe(0);
  });

  it("fails closed while Redis is unreachable: every task held about a second, counted unavailable", async () => {
    const t = setup([
      [1, { k: "a" }],
      [2, { k: "b" }],
    ]);
    t.mem.state.down = true;
    await t.send(1, 2);
    expect(t.claimed).toEqual([]);
    expect(t.held.holds.map((h) => [h.id, h.waitingOn, h.waitMs])).toEqual([
      [1, "concurrency", 1_000],
      [2, "concurrency", 1_000],
    ]);
    const decisions = await t.metrics.limitDecisions.get();
    expect(decisions.values.find((v) => v.labels.outcome === "unavailable")?.value).toBe(2);
  });

  it("fails only the task whose key function is bad, not its batch", async () => {
    const t = setup([
      [1, { k: "" }],
      [2, { k: "a" }],
    ]);
    await t.send(1, 2);
    expect(t.claimed.map((d) => d.taskId)).toEqual([1, 2]);
    const work = t.limits.guard(async () => "ran");
    const task = (id: number) => ({ id }) as Parameters<typeof work>[0];
    const failure = await work(task(1), new AbortController().signal).catch((e: Error) => e);
    expect(isNonRetryable(failure)).toBe(true);
    expect(String(failure)).toMatch(/concurrencyKey of keyed must return a non-empty string/);
    expect(await work(task(2), new AbortController().signal)).toBe("ran");
  });

  it("takes a rate token after the slot; a task without a token gives its slot back and waits for the token", async () => {
    const both = defineTask({
      type: "both",
      input: z.null(),
      concurrencyLimit: 10,
      rateLimit: { max: 1, perMs: 1_000 },
      run: async () => null,
    });
    const t = setup([], [both]);
    await t.send(1, 2);
    expect(t.claimed.map((d) => d.taskId)).toEqual([1]);
    expect(t.held.holds).toEqual([{ id: 2, waitingOn: "rate", concurrencyKey: null, waitMs: 100 }]);
    await settle();
    expect(t.mem.slots.get("both/null")?.size).toBe(1);
  });

  it("reports the tasks waiting on each limit of the types it serves (tasks_waiting_on_limits)", async () => {
    const metrics = createConsumerMetrics(new Registry());
    const held = memoryHeld(new Map()).store;
    held.waiting = async () => [
      { type: "keyed", limit: "concurrency", count: 7 },
      { type: "someone-elses", limit: "rate", count: 3 },
    ];
    const limits = createLimits({
      definitions: [keyed],
      counter: () => memoryCounter().counter,
      held,
      owner: "w",
      leaseMs: 3_000,
      batchSize: 1,
      batchWindowMs: 1,
      kick() {},
      metrics,
      log: new MemoryLog(),
      waitingEveryMs: 10,
    });
    await new Promise((r) => setTimeout(r, 40));
    const values = (await metrics.waitingOnLimits.get()).values;
    expect(values.map((v) => [v.labels.type, v.labels.limit, v.value])).toEqual([
      ["keyed", "concurrency", 7],
    ]);
    await limits.stop();
  });

  it("leaves types without limits on the plain path", () => {
    const plain = defineTask({ type: "plain", input: z.null(), run: async () => null });
    const limits = createLimits({
      definitions: [plain],
      counter: () => {
        throw new Error("no Redis for unlimited types");
      },
      held: memoryHeld(new Map()).store,
      owner: "w",
      leaseMs: 3_000,
      batchSize: 1,
      batchWindowMs: 1,
      kick() {},
      metrics: createConsumerMetrics(new Registry()),
      log: new MemoryLog(),
    });
    const next = () => {};
    expect(limits.acceptorFor("plain", next)).toBe(next);
  });
});
