import { InMemoryTaskStore } from "@tps/core/testing";
import { describe, expect, it } from "vitest";
import { createSimulatedWork } from "./simulated-work";
import { fakeDelivery } from "./testing";
import { workerLoopHarness } from "./worker-loop.test-util";

// The batch loop's main path: claim, run, settle and ack a batch; duplicates, dead letters and
// retries with backoff. Shared setup: worker-loop.test-util.ts.
describe("batch worker (in-memory store)", () => {
  const h = workerLoopHarness();

  it("completes a PENDING task and acks after the settle", async () => {
    const [task] = await h.store.insertMany(["a"]);
    const delivery = fakeDelivery(task!.id);
    h.worker.accept(delivery);
    expect(await delivery.settled).toBe("ack");
    expect(await h.store.findById(task!.id)).toMatchObject({ status: "COMPLETED", attempts: 1 });
    expect(await h.processed("received")).toBe(1);
    expect(await h.processed("success")).toBe(1);
    expect(
      (await h.metrics.execution.get()).values.find((v) => v.metricName?.endsWith("_count"))?.value,
    ).toBe(1);
  });

  it("runs a whole batch concurrently", async () => {
    const tasks = await h.store.insertMany(Array.from({ length: 200 }, (_, i) => `t${i}`));
    let running = 0;
    let peak = 0;
    const w = h.start(
      async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 50));
        running--;
      },
      { batchSize: 500 },
    );
    const deliveries = tasks.map((t) => fakeDelivery(t.id));
    for (const d of deliveries) w.accept(d);
    await Promise.all(deliveries.map((d) => d.settled));
    expect(peak).toBe(200);
    expect((await h.store.countByStatus()).COMPLETED).toBe(200);
  });

  it("acks a redelivered message for a task that is already COMPLETED without redoing work", async () => {
    const [task] = await h.store.insertMany(["a"]);
    const first = fakeDelivery(task!.id);
    h.worker.accept(first);
    await first.settled;
    expect(await h.deliverExisting(task!.id)).toEqual({ settled: "ack", ran: false });
    expect(await h.store.findById(task!.id)).toMatchObject({ status: "COMPLETED", attempts: 1 });
  });

  it("acks duplicate deliveries of one task in the same batch, running it once", async () => {
    const [task] = await h.store.insertMany(["a"]);
    let runs = 0;
    const w = h.start(async () => {
      runs++;
    });
    const a = fakeDelivery(task!.id);
    const b = fakeDelivery(task!.id);
    w.accept(a);
    w.accept(b);
    expect(await Promise.all([a.settled, b.settled])).toEqual(["ack", "ack"]);
    expect(runs).toBe(1);
  });

  it("dead-letters malformed messages and unknown task ids, and keeps going", async () => {
    const malformed = fakeDelivery(null);
    const unknown = fakeDelivery(4242);
    h.worker.accept(malformed);
    h.worker.accept(unknown);
    expect(await malformed.settled).toBe("deadLetter");
    expect(await unknown.settled).toBe("deadLetter");
    const [task] = await h.store.insertMany(["after"]);
    const ok = fakeDelivery(task!.id);
    h.worker.accept(ok);
    expect(await ok.settled).toBe("ack");
    expect(await h.processed("dead_lettered")).toBe(2);
  });

  it("isolates a message whose claim statement fails, claiming the rest of its batch", async () => {
    const tasks = await h.store.insertMany(["a", "b", "c", "d"]);
    const poison = 666_666;
    const claim = h.store.claim.bind(h.store);
    let statements = 0;
    h.store.claim = async (ids, ...rest) => {
      statements++;
      // Like Postgres refusing the whole statement for one bad value.
      if (ids.includes(poison)) throw new Error(`value "${poison}" is out of range for type integer`);
      return claim(ids, ...rest);
    };
    const w = h.start(createSimulatedWork(10), { batchWindowMs: 20 });
    const good = tasks.map((t) => fakeDelivery(t.id));
    const bad = fakeDelivery(poison);
    for (const d of [good[0]!, good[1]!, bad, good[2]!, good[3]!]) w.accept(d);
    expect(await Promise.all(good.map((d) => d.settled))).toEqual(["ack", "ack", "ack", "ack"]);
    expect((await h.store.countByStatus()).COMPLETED).toBe(4);
    // Failing alone on its first delivery it may have met a passing fault: back once, then dead.
    expect(await bad.settled).toBe("requeue");
    const again = fakeDelivery(poison, { redelivered: true });
    w.accept(again);
    expect(await again.settled).toBe("deadLetter");
    expect(await h.processed("dead_lettered")).toBe(1);
    expect(statements).toBeLessThan(10);
  });

  it("retries failed work with exponential backoff, then marks it FAILED", async () => {
    let skew = 0; // the h.store's clock, moved past each backoff
    h.store = new InMemoryTaskStore(() => Date.now() + skew);
    const w = h.start();
    const [task] = await h.store.insertMany(["fail: always"]);
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const d = fakeDelivery(task!.id);
      const before = h.store.now(); // the deadline is on the h.store's (database's) clock
      w.accept(d);
      expect(await d.settled).toBe("ack");
      const row = h.store.rows.get(task!.id)!;
      if (row.status === "PENDING") delays.push(row.availableAt - before);
      skew += 120_000;
    }
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeGreaterThanOrEqual(1_000);
    expect(delays[0]).toBeLessThan(1_500);
    expect(delays[1]).toBeGreaterThanOrEqual(2_000);
    expect(delays[1]).toBeLessThan(2_500);
    expect(await h.store.findById(task!.id)).toMatchObject({
      status: "FAILED",
      attempts: 3,
      lastError: "simulated failure: fail: always",
    });
    expect(await h.processed("backoff")).toBe(2);
    expect(await h.processed("failed")).toBe(1);
  });

  it("does not run a task early when a stale message arrives during its retry backoff", async () => {
    let now = 1_000_000;
    h.store = new InMemoryTaskStore(() => now);
    const [task] = await h.store.insertMany(["fail: once"]);
    const [claimed] = await h.store.claim([task!.id], "consumer-a", 60_000);
    await h.store.settle([{ ...claimed!, outcome: "backoff", error: "boom", delayMs: 5_000 }], "consumer-a");
    let runs = 0;
    const w = h.start(async () => {
      runs++;
    });
    const early = fakeDelivery(task!.id);
    w.accept(early);
    expect(await early.settled).toBe("ack");
    expect(runs).toBe(0);
    expect(await h.status(task!.id)).toBe("PENDING");
    // Once due, the reconciler publishes it (no grace for retries) and it runs.
    expect(await h.store.publishDue(10, 60_000, async () => {})).toBe(0);
    now += 5_000;
    expect(await h.store.publishDue(10, 60_000, async () => {})).toBe(1);
    const due = fakeDelivery(task!.id);
    w.accept(due);
    expect(await due.settled).toBe("ack");
    expect(runs).toBe(1);
  });
});
