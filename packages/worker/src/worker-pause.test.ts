import { InMemoryTaskStore } from "@tps/core/testing";
import { describe, expect, it } from "vitest";
import { fakeDelivery } from "./testing";
import { useTestWorkerLoops } from "./worker-loop.test-util";

describe("batch worker while processing is paused", () => {
  const startWorker = useTestWorkerLoops();

  function setup(batchWindowMs = 5) {
    const store = new InMemoryTaskStore();
    const gate = { paused: false };
    const releases: (() => void)[] = [];
    const worker = startWorker({
      store,
      flagged: async () => new Set(),
      // Work that ends when the test says so.
      work: () => new Promise<void>((resolve) => releases.push(resolve)),
      paused: () => gate.paused,
      config: {
        owner: "c",
        leaseMs: 60_000,
        batchSize: 50,
        batchWindowMs,
        backoffBaseMs: 1_000,
        shutdownGraceMs: 1_000,
      },
    });
    return { store, gate, releases, worker };
  }

  it("returns a delivery that arrives while paused to the queue, unclaimed", async () => {
    const { store, gate, worker } = setup();
    const [task] = await store.insertMany(["a"]);
    gate.paused = true;
    const delivery = fakeDelivery(task!.id);
    worker.accept(delivery);
    expect(await delivery.settled).toBe("requeue");
    expect(await store.findById(task!.id)).toMatchObject({ status: "PENDING", attempts: 0 });
  });

  it("returns deliveries waiting for their claim batch when the pause lands, unclaimed", async () => {
    const { store, gate, worker } = setup(50);
    const tasks = await store.insertMany(["a", "b", "c"]);
    const deliveries = tasks.map((t) => fakeDelivery(t.id));
    for (const d of deliveries) worker.accept(d);
    gate.paused = true; // before the batch window closes
    expect(await Promise.all(deliveries.map((d) => d.settled))).toEqual(["requeue", "requeue", "requeue"]);
    for (const t of tasks) expect((await store.findById(t.id))?.status).toBe("PENDING");
  });

  it("lets work claimed before the pause finish, settle and ack; claims again once resumed", async () => {
    const { store, gate, releases, worker } = setup();
    const [running, later] = await store.insertMany(["running", "later"]);
    const first = fakeDelivery(running!.id);
    worker.accept(first);
    await expect.poll(() => worker.inFlight).toBe(1);
    gate.paused = true;
    releases.shift()!();
    expect(await first.settled).toBe("ack");
    expect((await store.findById(running!.id))?.status).toBe("COMPLETED");

    gate.paused = false;
    const second = fakeDelivery(later!.id);
    worker.accept(second);
    await expect.poll(() => worker.inFlight).toBe(1);
    releases.shift()!();
    expect(await second.settled).toBe("ack");
  });
});
