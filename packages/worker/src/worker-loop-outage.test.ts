import { DependencyUnavailableError } from "@tps/core";
import { describe, expect, it } from "vitest";
import { createSimulatedWork } from "./simulated-work";
import { workerLoopHarness } from "./worker-loop.test-util";

// Database outages: known outcomes are retried until written, batches are held and then given back.
// Shared setup: worker-loop.test-util.ts.
describe("batch worker (in-memory store): database outages", () => {
  const h = workerLoopHarness();

  it("retries a known outcome until it is written (database down for many attempts)", async () => {
    const settle = h.store.settle.bind(h.store);
    let failures = 0;
    h.store.settle = async (...args) => {
      if (failures++ < 10) throw new DependencyUnavailableError("database"); // what the adapter throws for an outage;
      return settle(...args);
    };
    const { task, d } = await h.deliverOne(createSimulatedWork(10), {
      settleRetryMinMs: 5,
      settleRetryMaxMs: 20,
    });
    expect(await d.settled).toBe("ack");
    expect(await h.status(task.id)).toBe("COMPLETED");
  });

  it("stops retrying a settle once a renewal proves the lease gone (cancelled meanwhile)", async () => {
    h.store.settle = async () => {
      throw new DependencyUnavailableError("database"); // what the adapter throws for an outage;
    };
    const { task, w, d } = await h.deliverOne(createSimulatedWork(10), {
      settleRetryMinMs: 5,
      settleRetryMaxMs: 20,
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(d.fate).toBe(null);
    await h.store.cancel([task.id]);
    await w.renewLeases();
    expect(await d.settled).toBe("ack");
    expect(await h.processed("canceled")).toBe(1);
  });

  it("holds a batch while the database is down and claims it once it is back (no redelivery churn)", async () => {
    // Requeueing every second during an outage would use up the quorum queue's delivery limit and
    // dead-letter healthy messages; the deliveries wait, unacked, instead.
    const claim = h.store.claim.bind(h.store);
    let failures = 0;
    h.store.claim = async (...args) => {
      if (failures++ < 4) throw new DependencyUnavailableError("database");
      return claim(...args);
    };
    const { task, d } = await h.deliverOne(createSimulatedWork(10), {
      claimRetryMinMs: 5,
      claimRetryMaxMs: 20,
    });
    expect(await d.settled).toBe("ack");
    expect(failures).toBe(5);
    expect(await h.status(task.id)).toBe("COMPLETED");
  });

  it("returns a batch held through a long outage to the queue, for consumers whose database answers", async () => {
    h.store.claim = async () => {
      throw new DependencyUnavailableError("database");
    };
    const t0 = Date.now();
    const { d } = await h.deliverOne(createSimulatedWork(10), {
      claimRetryMinMs: 5,
      claimRetryMaxMs: 20,
      claimHoldMs: 200,
    });
    expect(await d.settled).toBe("requeue");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
  });

  it("returns a batch held through an outage to the queue on close", async () => {
    h.store.claim = async () => {
      throw new DependencyUnavailableError("database");
    };
    const { w, d } = await h.deliverOne(createSimulatedWork(10), { claimRetryMinMs: 5, claimRetryMaxMs: 20 });
    await new Promise((r) => setTimeout(r, 100));
    expect(d.fate).toBe(null);
    await w.close();
    expect(d.fate).toBe("requeue");
  });
});
