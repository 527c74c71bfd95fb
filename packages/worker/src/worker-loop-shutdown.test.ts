import { DependencyUnavailableError } from "@tps/core";
import { describe, expect, it } from "vitest";
import { createSimulatedWork } from "./simulated-work";
import { fakeDelivery } from "./testing";
import type { WorkerConfig } from "./worker-loop";
import { waitFor, workerLoopHarness } from "./worker-loop.test-util";

// close(): work drains within the grace period (leases still renewed), the rest goes back to the
// queue. Shared setup: worker-loop.test-util.ts.
describe("batch worker (in-memory store): close", () => {
  const h = workerLoopHarness();

  it("keeps renewing leases while close() drains work longer than the lease", async () => {
    const { task, w, d } = await h.deliverOne(createSimulatedWork(1_000), {
      leaseMs: 600,
      shutdownGraceMs: 3_000,
    });
    await waitFor(() => w.inFlight === 1);
    const closed = w.close();
    await new Promise((r) => setTimeout(r, 800));
    // A reconciler elsewhere must find nothing to reap: the lease is still being renewed.
    expect(await h.store.recoverExpiredLeases(10)).toEqual({ released: 0, failed: 0 });
    await closed;
    expect(d.fate).toBe("ack");
    expect(await h.status(task.id)).toBe("COMPLETED");
  });

  it("on close, lets short work finish and settles it", async () => {
    const [task] = await h.store.insertMany(["a"]);
    const d = fakeDelivery(task!.id);
    h.worker.accept(d);
    await waitFor(() => h.worker.inFlight === 1);
    await h.worker.close();
    expect(d.fate).toBe("ack");
    expect(await h.status(task!.id)).toBe("COMPLETED");
  });

  /**
   * Closes a worker while its one task's work runs far past the grace period: the task must be
   * released unattempted and its message returned to the queue, never acked.
   */
  async function closeMidWork(overrides: Partial<WorkerConfig> = {}) {
    const { task, w, d } = await h.deliverOne(createSimulatedWork(60_000), {
      shutdownGraceMs: 50,
      ...overrides,
    });
    await waitFor(() => w.inFlight === 1);
    await w.close();
    expect(d.fate).toBe("requeue");
    expect(await h.store.findById(task.id)).toMatchObject({ status: "PENDING", attempts: 0 });
    return { task, w };
  }

  it("on close, returns work that outlives the grace period to the queue", async () => {
    const { task, w } = await closeMidWork();
    // Deliveries arriving after close go straight back.
    const late = fakeDelivery(task.id);
    w.accept(late);
    expect(late.fate).toBe("requeue");
  });

  it("requeues a shutdown release whose commit landed but whose reply was lost", async () => {
    const settle = h.store.settle.bind(h.store);
    let replyLost = true;
    h.store.settle = async (...args) => {
      const result = await settle(...args);
      if (replyLost) {
        replyLost = false;
        throw new DependencyUnavailableError("database", new Error("connection terminated unexpectedly"));
      }
      return result;
    };
    // The settle retry is refused (already released): the message must still not be acked.
    await closeMidWork({ settleRetryMinMs: 5, settleRetryMaxMs: 20 });
  });
});
