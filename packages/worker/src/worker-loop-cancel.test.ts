import { describe, expect, it } from "vitest";
import { createSimulatedWork } from "./simulated-work";
import { fakeDelivery } from "./testing";
import { waitFor, workerLoopHarness } from "./worker-loop.test-util";

// Cancels written in the database, flagged or signalled: the work stops and the task is never
// completed. Shared setup: worker-loop.test-util.ts.
describe("batch worker (in-memory store): cancel", () => {
  const h = workerLoopHarness();

  it("skips a task cancelled before work (acks, no work, stays CANCELED)", async () => {
    const [task] = await h.store.insertMany(["a"]);
    await h.store.cancel([task!.id]);
    expect(await h.deliverExisting(task!.id)).toEqual({ settled: "ack", ran: false });
    expect(await h.status(task!.id)).toBe("CANCELED");
  });

  it("aborts running work on a cancel signal and never completes the task", async () => {
    const { task, w, d: delivery } = await h.deliverOne(createSimulatedWork(10_000));
    await waitFor(() => w.inFlight === 1);
    await h.store.cancel([task.id]); // the API writes the cancel, then signals
    const started = Date.now();
    w.cancel(task.id, Date.now());
    expect(await delivery.settled).toBe("ack");
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await h.status(task.id)).toBe("CANCELED");
    expect(await h.processed("canceled")).toBe(1);
    expect(await h.processed("success")).toBe(0);
  });

  it("aborts work whose cancel flag was set between claim and start", async () => {
    const [task] = await h.store.insertMany(["a"]);
    h.flags.add(task!.id);
    const w = h.start(createSimulatedWork(10_000));
    const delivery = fakeDelivery(task!.id);
    w.accept(delivery);
    expect(await delivery.settled).toBe("ack");
  });

  it("stops work when lease renewal shows the task is no longer ours (cancel without Redis)", async () => {
    const { task, w, d: delivery } = await h.deliverOne(createSimulatedWork(10_000));
    await waitFor(() => w.inFlight === 1);
    await h.store.cancel([task.id]);
    await w.renewLeases();
    expect(await delivery.settled).toBe("ack");
    expect(await h.status(task.id)).toBe("CANCELED");
    // Measured from the cancel's time in the database, as no signal told the h.worker.
    expect(
      (await h.metrics.cancelLatency.get()).values.find((v) => v.metricName?.endsWith("_count"))?.value,
    ).toBe(1);
  });

  it("refuses to complete a task cancelled while its work finished (conditional settle)", async () => {
    const { task, d: delivery } = await h.deliverOne(async (t) => {
      await h.store.cancel([t.id]); // cancel lands in the database, its signal is lost
    });
    expect(await delivery.settled).toBe("ack");
    expect(await h.status(task.id)).toBe("CANCELED");
    expect(await h.processed("success")).toBe(0);
  });
});
