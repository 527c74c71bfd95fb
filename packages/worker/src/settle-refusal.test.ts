import { DependencyUnavailableError, type Settlement } from "@tps/core";
import { InMemoryTaskStore, MemoryLog } from "@tps/core/testing";
import { Registry } from "prom-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createConsumerMetrics } from "./metrics";
import { fakeDelivery } from "./testing";
import type { WorkFn } from "./work";
import { createWorkerLoop, type WorkerLoop } from "./worker-loop";

/** What PostgreSQL answers for text it cannot store: the whole statement fails, every time. */
const refusal = () =>
  Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: "22021" });
/** A NUL inside a JSON string (as JSON.stringify writes it), which jsonb refuses, or a raw one. */
const unstorable = (s: Settlement) =>
  ("output" in s && s.output?.includes("\\u0000")) || ("error" in s && s.error.includes("\u0000"));

/**
 * A settle statement that fails for a reason of its own (deterministic) must not be retried for
 * ever at the head of the settle queue: only the settlement the database refuses fails, the rest
 * of its batch is written.
 */
describe("settle refused by the database (in-memory store acting as PostgreSQL)", () => {
  let store: InMemoryTaskStore;
  let statements: number;
  const loops: WorkerLoop[] = [];

  const start = (work: WorkFn) => {
    const loop = createWorkerLoop({
      store,
      flagged: async () => new Set(),
      work,
      metrics: createConsumerMetrics(new Registry()),
      log: new MemoryLog(),
      config: {
        owner: "w",
        leaseMs: 60_000,
        batchSize: 50,
        batchWindowMs: 30,
        backoffBaseMs: 10,
        shutdownGraceMs: 100,
        settleRetryMinMs: 5,
        settleRetryMaxMs: 20,
      },
    });
    loops.push(loop);
    return loop;
  };

  beforeEach(() => {
    store = new InMemoryTaskStore(Date.now, 1);
    statements = 0;
    const settle = store.settle.bind(store);
    store.settle = async (settlements, owner) => {
      statements++;
      if (settlements.some(unstorable)) throw refusal();
      return settle(settlements, owner);
    };
  });
  afterEach(async () => {
    // A settle retried for ever would keep close() waiting: give up on it after a moment.
    await Promise.all(
      loops.splice(0).map((l) => Promise.race([l.close(), new Promise((r) => setTimeout(r, 200))])),
    );
  });

  const settledWithin = async (deliveries: ReturnType<typeof fakeDelivery>[], ms: number) => {
    await Promise.race([
      Promise.all(deliveries.map((d) => d.settled)),
      new Promise((r) => setTimeout(r, ms)),
    ]);
    return deliveries.filter((d) => d.fate !== null).length;
  };

  it("fails only the task whose output the database refuses, naming the refusal; the rest of its batch settles", async () => {
    const tasks = await store.insertMany(["ok-1", "poison", "ok-2", "ok-3"]);
    const loop = start(async (task) =>
      task.payload === "poison" ? JSON.stringify({ text: "a\u0000b" }) : JSON.stringify({ ok: true }),
    );
    const deliveries = tasks.map((t) => fakeDelivery(t.id));
    for (const d of deliveries) loop.accept(d);
    const settled = await settledWithin(deliveries, 3_000);
    console.log(`deliveries settled: ${settled} of ${deliveries.length}; settle statements: ${statements}`);
    expect(settled).toBe(deliveries.length);
    expect(deliveries.map((d) => d.fate)).toEqual(["ack", "ack", "ack", "ack"]);
    const poison = await store.findById(tasks[1]!.id);
    expect(poison).toMatchObject({ status: "FAILED" });
    expect(poison!.lastError).toMatch(/refused by the database/);
    for (const i of [0, 2, 3]) expect((await store.findById(tasks[i]!.id))!.status).toBe("COMPLETED");
  });

  it("stores a handler's error text with U+0000 and lone surrogates made storable", async () => {
    const [task] = await store.insertMany(["bad error text"]);
    const loop = start(async () => {
      throw new Error("nul\u0000here, lone \ud800 surrogate");
    });
    const d = fakeDelivery(task!.id);
    loop.accept(d);
    expect(await settledWithin([d], 3_000)).toBe(1);
    expect(await store.findById(task!.id)).toMatchObject({
      status: "FAILED",
      lastError: "nul\ufffdhere, lone \ufffd surrogate",
    });
  });

  it("dead-letters a settlement the database refuses even as a failure, and moves on", async () => {
    const [stuck, fine] = await store.insertMany(["refused whatever it says", "fine"]);
    const settle = store.settle;
    store.settle = async (settlements, owner) => {
      if (settlements.some((s) => s.id === stuck!.id)) {
        statements++;
        throw refusal();
      }
      return settle(settlements, owner);
    };
    const loop = start(async () => null);
    const deliveries = [fakeDelivery(stuck!.id), fakeDelivery(fine!.id)];
    for (const d of deliveries) loop.accept(d);
    expect(await settledWithin(deliveries, 3_000)).toBe(2);
    console.log(`settle statements for a batch of 2 with one refused settlement: ${statements}`);
    expect(deliveries.map((d) => d.fate)).toEqual(["deadLetter", "ack"]);
    expect((await store.findById(fine!.id))!.status).toBe("COMPLETED");
  });

  it("keeps retrying through an outage (DependencyUnavailableError) until the settle is written", async () => {
    const [task] = await store.insertMany(["waits out an outage"]);
    const settle = store.settle;
    let outage = 8;
    store.settle = async (settlements, owner) => {
      if (outage-- > 0) throw new DependencyUnavailableError("database", new Error("connection refused"));
      return settle(settlements, owner);
    };
    const loop = start(async () => null);
    const d = fakeDelivery(task!.id);
    loop.accept(d);
    expect(await d.settled).toBe("ack");
    expect((await store.findById(task!.id))!.status).toBe("COMPLETED");
  });
});
