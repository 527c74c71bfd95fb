import { DependencyUnavailableError } from "@tps/core";
import { InMemoryTaskStore, MemoryLog } from "@tps/core/testing";
import { Registry } from "prom-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createConsumerMetrics } from "./metrics";
import { createSimulatedWork } from "./simulated-work";
import { fakeDelivery } from "./testing";
import type { WorkFn } from "./work";
import {
  createWorkerLoop as createWorker,
  type WorkerLoop as Worker,
  type WorkerConfig,
} from "./worker-loop";

const config: WorkerConfig = {
  owner: "consumer-a",
  leaseMs: 60_000,
  batchSize: 50,
  batchWindowMs: 5,
  backoffBaseMs: 1_000,
  shutdownGraceMs: 1_000,
};

describe("batch worker (in-memory store)", () => {
  let store: InMemoryTaskStore;
  let metrics: ReturnType<typeof createConsumerMetrics>;
  let flags: Set<number>;
  let worker: Worker;
  const workers: Worker[] = [];

  const start = (work: WorkFn = createSimulatedWork(30), overrides: Partial<WorkerConfig> = {}) => {
    const w = createWorker({
      store,
      flagged: async (ids) => new Set(ids.filter((id) => flags.has(id))),
      work,
      metrics,
      log: new MemoryLog(),
      config: { ...config, ...overrides },
    });
    workers.push(w);
    return w;
  };
  const processed = async (status: string) =>
    (await metrics.processed.get()).values
      .filter((v) => v.labels.status === status)
      .reduce((sum, v) => sum + v.value, 0);
  const status = async (id: number) => (await store.findById(id))?.status;

  beforeEach(() => {
    store = new InMemoryTaskStore();
    metrics = createConsumerMetrics(new Registry());
    flags = new Set();
    worker = start();
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.close()));
  });

  it("completes a PENDING task and acks after the settle", async () => {
    const [task] = await store.insertMany(["a"]);
    const delivery = fakeDelivery(task!.id);
    worker.accept(delivery);
    expect(await delivery.settled).toBe("ack");
    expect(await store.findById(task!.id)).toMatchObject({ status: "COMPLETED", attempts: 1 });
    expect(await processed("received")).toBe(1);
    expect(await processed("success")).toBe(1);
    expect((await metrics.execution.get()).values.find((v) => v.metricName?.endsWith("_count"))?.value).toBe(
      1,
    );
  });

  it("runs a whole batch concurrently", async () => {
    const tasks = await store.insertMany(Array.from({ length: 200 }, (_, i) => `t${i}`));
    let running = 0;
    let peak = 0;
    const w = start(
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
    expect((await store.countByStatus()).COMPLETED).toBe(200);
  });

  it("skips a task cancelled before work (acks, no work, stays CANCELED)", async () => {
    const [task] = await store.insertMany(["a"]);
    await store.cancel([task!.id]);
    let ran = false;
    const w = start(async () => {
      ran = true;
    });
    const delivery = fakeDelivery(task!.id);
    w.accept(delivery);
    expect(await delivery.settled).toBe("ack");
    expect(ran).toBe(false);
    expect(await status(task!.id)).toBe("CANCELED");
  });

  it("aborts running work on a cancel signal and never completes the task", async () => {
    const [task] = await store.insertMany(["a"]);
    const w = start(createSimulatedWork(10_000));
    const delivery = fakeDelivery(task!.id);
    w.accept(delivery);
    await waitFor(() => w.inFlight === 1);
    await store.cancel([task!.id]); // the API writes the cancel, then signals
    const started = Date.now();
    w.cancel(task!.id, Date.now());
    expect(await delivery.settled).toBe("ack");
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await status(task!.id)).toBe("CANCELED");
    expect(await processed("canceled")).toBe(1);
    expect(await processed("success")).toBe(0);
  });

  it("aborts work whose cancel flag was set between claim and start", async () => {
    const [task] = await store.insertMany(["a"]);
    flags.add(task!.id);
    const w = start(createSimulatedWork(10_000));
    const delivery = fakeDelivery(task!.id);
    w.accept(delivery);
    expect(await delivery.settled).toBe("ack");
  });

  it("stops work when lease renewal shows the task is no longer ours (cancel without Redis)", async () => {
    const [task] = await store.insertMany(["a"]);
    const w = start(createSimulatedWork(10_000));
    const delivery = fakeDelivery(task!.id);
    w.accept(delivery);
    await waitFor(() => w.inFlight === 1);
    await store.cancel([task!.id]);
    await w.renewLeases();
    expect(await delivery.settled).toBe("ack");
    expect(await status(task!.id)).toBe("CANCELED");
    // Measured from the cancel's time in the database, as no signal told the worker.
    expect(
      (await metrics.cancelLatency.get()).values.find((v) => v.metricName?.endsWith("_count"))?.value,
    ).toBe(1);
  });

  it("refuses to complete a task cancelled while its work finished (conditional settle)", async () => {
    const [task] = await store.insertMany(["a"]);
    const w = start(async (t) => {
      await store.cancel([t.id]); // cancel lands in the database, its signal is lost
    });
    const delivery = fakeDelivery(task!.id);
    w.accept(delivery);
    expect(await delivery.settled).toBe("ack");
    expect(await status(task!.id)).toBe("CANCELED");
    expect(await processed("success")).toBe(0);
  });

  it("acks a redelivered message for a task that is already COMPLETED without redoing work", async () => {
    const [task] = await store.insertMany(["a"]);
    const first = fakeDelivery(task!.id);
    worker.accept(first);
    await first.settled;
    let ran = false;
    const w = start(async () => {
      ran = true;
    });
    const again = fakeDelivery(task!.id);
    w.accept(again);
    expect(await again.settled).toBe("ack");
    expect(ran).toBe(false);
    expect(await store.findById(task!.id)).toMatchObject({ status: "COMPLETED", attempts: 1 });
  });

  it("acks duplicate deliveries of one task in the same batch, running it once", async () => {
    const [task] = await store.insertMany(["a"]);
    let runs = 0;
    const w = start(async () => {
      runs++;
    });
    const a = fakeDelivery(task!.id);
    const b = fakeDelivery(task!.id);
    w.accept(a);
    w.accept(b);
    expect(await Promise.all([a.settled, b.settled])).toEqual(["ack", "ack"]);
    expect(runs).toBe(1);
  });

  it("takes over a task left PROCESSING by a crashed consumer once its lease lapsed", async () => {
    let now = 1_000_000;
    store = new InMemoryTaskStore(() => now);
    const [task] = await store.insertMany(["a"]);
    await store.claim([task!.id], "crashed-consumer", 15_000);
    const w = start();
    // Redelivered while the lease is still valid: not ours to run; the reaper will requeue it.
    const early = fakeDelivery(task!.id);
    w.accept(early);
    expect(await early.settled).toBe("ack");
    expect(await status(task!.id)).toBe("PROCESSING");
    now += 30_000; // past the lease (15 s) and its grace (10 s)
    const late = fakeDelivery(task!.id);
    w.accept(late);
    expect(await late.settled).toBe("ack");
    // The crashed consumer's attempt was given back: a lease loss, not an attempt.
    expect(await store.findById(task!.id)).toMatchObject({ status: "COMPLETED", attempts: 1 });
  });

  it("never lets an old attempt settle or unregister a newer attempt of the same task (re-claimed after a lapse)", async () => {
    let now = 1_000_000;
    store = new InMemoryTaskStore(() => now);
    const [task] = await store.insertMany(["a"]);
    const gates: ((fail: boolean) => void)[] = [];
    const w = start(
      () =>
        new Promise<void>((resolve, reject) =>
          gates.push((fail) => (fail ? reject(new Error("old attempt failed")) : resolve())),
        ),
    );
    const first = fakeDelivery(task!.id);
    w.accept(first);
    await waitFor(() => gates.length === 1);
    now += 120_000; // the first attempt's lease lapsed (the process stalled), its message came back
    const second = fakeDelivery(task!.id);
    w.accept(second);
    await waitFor(() => gates.length === 2);
    expect(w.inFlight).toBe(2);

    gates[0]!(true); // the old attempt finishes late, with an error
    expect(await first.settled).toBe("ack");
    expect(w.inFlight).toBe(1);
    expect(await store.findById(task!.id)).toMatchObject({ status: "PROCESSING", attempts: 1 });

    gates[1]!(false);
    expect(await second.settled).toBe("ack");
    expect(await store.findById(task!.id)).toMatchObject({ status: "COMPLETED", attempts: 1 });
    expect(await processed("lease_lost")).toBe(1);
    expect(await processed("backoff")).toBe(0);
  });

  it("stops its own work when it cannot renew its lease for half the term (self-fencing)", async () => {
    const [task] = await store.insertMany(["a"]);
    store.renewLeases = async () => {
      throw new Error("database is unavailable");
    };
    let stoppedAfter = -1;
    const t0 = Date.now();
    const w = start(
      (_task, signal) =>
        new Promise<void>((_, reject) =>
          signal.addEventListener("abort", () => {
            stoppedAfter = Date.now() - t0;
            reject(new Error("aborted"));
          }),
        ),
      { leaseMs: 1_200 },
    );
    const d = fakeDelivery(task!.id);
    w.accept(d);
    expect(await d.settled).toBe("ack");
    expect(stoppedAfter).toBeGreaterThanOrEqual(550);
    expect(stoppedAfter).toBeLessThan(1_000); // well before the lease runs out
    expect(await processed("lease_lost")).toBe(1);
    expect((await processed("failed")) + (await processed("backoff"))).toBe(0);
  });

  it("keeps renewing leases while close() drains work longer than the lease", async () => {
    const [task] = await store.insertMany(["a"]);
    const w = start(createSimulatedWork(1_000), { leaseMs: 600, shutdownGraceMs: 3_000 });
    const d = fakeDelivery(task!.id);
    w.accept(d);
    await waitFor(() => w.inFlight === 1);
    const closed = w.close();
    await new Promise((r) => setTimeout(r, 800));
    // A reconciler elsewhere must find nothing to reap: the lease is still being renewed.
    expect(await store.recoverExpiredLeases(10)).toEqual({ released: 0, failed: 0 });
    await closed;
    expect(d.fate).toBe("ack");
    expect(await status(task!.id)).toBe("COMPLETED");
  });

  it("retries a known outcome until it is written (database down for many attempts)", async () => {
    const [task] = await store.insertMany(["a"]);
    const settle = store.settle.bind(store);
    let failures = 0;
    store.settle = async (...args) => {
      if (failures++ < 10) throw new DependencyUnavailableError("database"); // what the adapter throws for an outage;
      return settle(...args);
    };
    const w = start(createSimulatedWork(10), { settleRetryMinMs: 5, settleRetryMaxMs: 20 });
    const d = fakeDelivery(task!.id);
    w.accept(d);
    expect(await d.settled).toBe("ack");
    expect(await status(task!.id)).toBe("COMPLETED");
  });

  it("stops retrying a settle once a renewal proves the lease gone (cancelled meanwhile)", async () => {
    const [task] = await store.insertMany(["a"]);
    store.settle = async () => {
      throw new DependencyUnavailableError("database"); // what the adapter throws for an outage;
    };
    const w = start(createSimulatedWork(10), { settleRetryMinMs: 5, settleRetryMaxMs: 20 });
    const d = fakeDelivery(task!.id);
    w.accept(d);
    await new Promise((r) => setTimeout(r, 50));
    expect(d.fate).toBe(null);
    await store.cancel([task!.id]);
    await w.renewLeases();
    expect(await d.settled).toBe("ack");
    expect(await processed("canceled")).toBe(1);
  });

  it("dead-letters malformed messages and unknown task ids, and keeps going", async () => {
    const malformed = fakeDelivery(null);
    const unknown = fakeDelivery(4242);
    worker.accept(malformed);
    worker.accept(unknown);
    expect(await malformed.settled).toBe("deadLetter");
    expect(await unknown.settled).toBe("deadLetter");
    const [task] = await store.insertMany(["after"]);
    const ok = fakeDelivery(task!.id);
    worker.accept(ok);
    expect(await ok.settled).toBe("ack");
    expect(await processed("dead_lettered")).toBe(2);
  });

  it("isolates a message whose claim statement fails, claiming the rest of its batch", async () => {
    const tasks = await store.insertMany(["a", "b", "c", "d"]);
    const poison = 666_666;
    const claim = store.claim.bind(store);
    let statements = 0;
    store.claim = async (ids, ...rest) => {
      statements++;
      // Like Postgres refusing the whole statement for one bad value.
      if (ids.includes(poison)) throw new Error(`value "${poison}" is out of range for type integer`);
      return claim(ids, ...rest);
    };
    const w = start(createSimulatedWork(10), { batchWindowMs: 20 });
    const good = tasks.map((t) => fakeDelivery(t.id));
    const bad = fakeDelivery(poison);
    for (const d of [good[0]!, good[1]!, bad, good[2]!, good[3]!]) w.accept(d);
    expect(await Promise.all(good.map((d) => d.settled))).toEqual(["ack", "ack", "ack", "ack"]);
    expect((await store.countByStatus()).COMPLETED).toBe(4);
    // Failing alone on its first delivery it may have met a passing fault: back once, then dead.
    expect(await bad.settled).toBe("requeue");
    const again = fakeDelivery(poison, { redelivered: true });
    w.accept(again);
    expect(await again.settled).toBe("deadLetter");
    expect(await processed("dead_lettered")).toBe(1);
    expect(statements).toBeLessThan(10);
  });

  it("retries failed work with exponential backoff, then marks it FAILED", async () => {
    let skew = 0; // the store's clock, moved past each backoff
    store = new InMemoryTaskStore(() => Date.now() + skew);
    const w = start();
    const [task] = await store.insertMany(["fail: always"]);
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const d = fakeDelivery(task!.id);
      const before = store.now(); // the deadline is on the store's (database's) clock
      w.accept(d);
      expect(await d.settled).toBe("ack");
      const row = store.rows.get(task!.id)!;
      if (row.status === "PENDING") delays.push(row.availableAt - before);
      skew += 120_000;
    }
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeGreaterThanOrEqual(1_000);
    expect(delays[0]).toBeLessThan(1_500);
    expect(delays[1]).toBeGreaterThanOrEqual(2_000);
    expect(delays[1]).toBeLessThan(2_500);
    expect(await store.findById(task!.id)).toMatchObject({
      status: "FAILED",
      attempts: 3,
      lastError: "simulated failure: fail: always",
    });
    expect(await processed("backoff")).toBe(2);
    expect(await processed("failed")).toBe(1);
  });

  it("does not run a task early when a stale message arrives during its retry backoff", async () => {
    let now = 1_000_000;
    store = new InMemoryTaskStore(() => now);
    const [task] = await store.insertMany(["fail: once"]);
    const [claimed] = await store.claim([task!.id], "consumer-a", 60_000);
    await store.settle([{ ...claimed!, outcome: "backoff", error: "boom", delayMs: 5_000 }], "consumer-a");
    let runs = 0;
    const w = start(async () => {
      runs++;
    });
    const early = fakeDelivery(task!.id);
    w.accept(early);
    expect(await early.settled).toBe("ack");
    expect(runs).toBe(0);
    expect(await status(task!.id)).toBe("PENDING");
    // Once due, the reconciler publishes it (no grace for retries) and it runs.
    expect(await store.publishDue(10, 60_000, async () => {})).toBe(0);
    now += 5_000;
    expect(await store.publishDue(10, 60_000, async () => {})).toBe(1);
    const due = fakeDelivery(task!.id);
    w.accept(due);
    expect(await due.settled).toBe("ack");
    expect(runs).toBe(1);
  });

  it("on close, lets short work finish and settles it", async () => {
    const [task] = await store.insertMany(["a"]);
    const d = fakeDelivery(task!.id);
    worker.accept(d);
    await waitFor(() => worker.inFlight === 1);
    await worker.close();
    expect(d.fate).toBe("ack");
    expect(await status(task!.id)).toBe("COMPLETED");
  });

  it("on close, returns work that outlives the grace period to the queue", async () => {
    const [task] = await store.insertMany(["a"]);
    const w = start(createSimulatedWork(60_000), { shutdownGraceMs: 50 });
    const d = fakeDelivery(task!.id);
    w.accept(d);
    await waitFor(() => w.inFlight === 1);
    await w.close();
    expect(d.fate).toBe("requeue");
    expect(await store.findById(task!.id)).toMatchObject({ status: "PENDING", attempts: 0 });
    // Deliveries arriving after close go straight back.
    const late = fakeDelivery(task!.id);
    w.accept(late);
    expect(late.fate).toBe("requeue");
  });

  it("requeues a shutdown release whose commit landed but whose reply was lost", async () => {
    const [task] = await store.insertMany(["a"]);
    const settle = store.settle.bind(store);
    let replyLost = true;
    store.settle = async (...args) => {
      const result = await settle(...args);
      if (replyLost) {
        replyLost = false;
        throw new DependencyUnavailableError("database", new Error("connection terminated unexpectedly"));
      }
      return result;
    };
    const w = start(createSimulatedWork(60_000), {
      shutdownGraceMs: 50,
      settleRetryMinMs: 5,
      settleRetryMaxMs: 20,
    });
    const d = fakeDelivery(task!.id);
    w.accept(d);
    await waitFor(() => w.inFlight === 1);
    await w.close();
    expect(d.fate).toBe("requeue"); // the retry is refused (already released): the message must not be acked
    expect(await store.findById(task!.id)).toMatchObject({ status: "PENDING", attempts: 0 });
  });

  it("holds a batch while the database is down and claims it once it is back (no redelivery churn)", async () => {
    // Requeueing every second during an outage would use up the quorum queue's delivery limit and
    // dead-letter healthy messages; the deliveries wait, unacked, instead.
    const [task] = await store.insertMany(["a"]);
    const claim = store.claim.bind(store);
    let failures = 0;
    store.claim = async (...args) => {
      if (failures++ < 4) throw new DependencyUnavailableError("database");
      return claim(...args);
    };
    const w = start(createSimulatedWork(10), { claimRetryMinMs: 5, claimRetryMaxMs: 20 });
    const d = fakeDelivery(task!.id);
    w.accept(d);
    expect(await d.settled).toBe("ack");
    expect(failures).toBe(5);
    expect(await status(task!.id)).toBe("COMPLETED");
  });

  it("returns a batch held through a long outage to the queue, for consumers whose database answers", async () => {
    const [task] = await store.insertMany(["a"]);
    store.claim = async () => {
      throw new DependencyUnavailableError("database");
    };
    const w = start(createSimulatedWork(10), { claimRetryMinMs: 5, claimRetryMaxMs: 20, claimHoldMs: 200 });
    const d = fakeDelivery(task!.id);
    const t0 = Date.now();
    w.accept(d);
    expect(await d.settled).toBe("requeue");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
  });

  it("returns a batch held through an outage to the queue on close", async () => {
    const [task] = await store.insertMany(["a"]);
    store.claim = async () => {
      throw new DependencyUnavailableError("database");
    };
    const w = start(createSimulatedWork(10), { claimRetryMinMs: 5, claimRetryMaxMs: 20 });
    const d = fakeDelivery(task!.id);
    w.accept(d);
    await new Promise((r) => setTimeout(r, 100));
    expect(d.fate).toBe(null);
    await w.close();
    expect(d.fate).toBe("requeue");
  });
});

async function waitFor(predicate: () => boolean, timeoutMs = 2_000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}
