import { DependencyUnavailableError } from "@tps/core";
import { InMemoryTaskStore, MemoryLog } from "@tps/core/testing";
import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { createConsumerMetrics } from "./metrics";
import { fakeDelivery } from "./testing";
import { createWorkerLoop, type WorkerLoop } from "./worker-loop";

/**
 * Just back from an outage, every lease may have lapsed: a redelivered message must not take over
 * a task whose owner is about to renew it or settle it (finished work), for the grace.
 */
describe("claims just after a database outage (in-memory store)", () => {
  const loops: WorkerLoop[] = [];
  afterEach(async () => {
    await Promise.all(loops.splice(0).map((l) => l.close()));
  });

  it("takes over no lapsed lease until the grace after the database answers again", async () => {
    let now = 1_000_000;
    const store = new InMemoryTaskStore(() => now);
    const [fresh, lapsed] = await store.insertMany(["fresh", "held by an owner cut off meanwhile"]);
    await store.claim([lapsed!.id], "owner", 15_000);
    now += 60_000; // an outage far longer than lease + grace
    const claim = store.claim.bind(store);
    let outage = 2;
    store.claim = async (...args) => {
      if (outage-- > 0) throw new DependencyUnavailableError("database", new Error("connection refused"));
      return claim(...args);
    };
    const loop = createWorkerLoop({
      store,
      flagged: async () => new Set(),
      work: async () => null,
      metrics: createConsumerMetrics(new Registry()),
      log: new MemoryLog(),
      config: {
        owner: "successor",
        leaseMs: 15_000,
        batchSize: 10,
        batchWindowMs: 5,
        backoffBaseMs: 10,
        shutdownGraceMs: 100,
        claimRetryMinMs: 5,
        claimRetryMaxMs: 10,
        leaseLapse: { graceMs: 30_000, maxLosses: 3 }, // the lease lapsed 45 s ago: past this grace
      },
    });
    loops.push(loop);
    const first = fakeDelivery(fresh!.id);
    loop.accept(first); // held through the outage, then claimed
    expect(await first.settled).toBe("ack");
    const redelivered = fakeDelivery(lapsed!.id);
    loop.accept(redelivered);
    expect(await redelivered.settled).toBe("ack"); // not ours: the owner (or the reaper, later) carries on
    expect(await store.findById(lapsed!.id)).toMatchObject({ status: "PROCESSING", attempts: 1 });
    expect(store.rows.get(lapsed!.id)!.leaseOwner).toBe("owner");
  });
});
