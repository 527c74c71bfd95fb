import type { TaskPublisher } from "@tps/core";
import { InMemoryTaskStore, MemoryLog } from "@tps/core/testing";
import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { createConsumerMetrics } from "./metrics";
import { startReconciler } from "./reconciler";

describe("reconciler (in-memory store)", () => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(stops.splice(0).map((stop) => stop()));
  });

  const start = (store: InMemoryTaskStore, publisher: TaskPublisher) => {
    const reconciler = startReconciler({
      store,
      publisher,
      metrics: createConsumerMetrics(new Registry()),
      log: new MemoryLog(),
      intervalMs: 20,
      publishGraceMs: 0,
      stalePublishMs: 60_000,
      queueDepth: async () => 0,
    });
    stops.push(() => Promise.race([reconciler.stop(), new Promise<void>((r) => setTimeout(r, 100))]));
    return reconciler;
  };

  it("keeps recovering lapsed leases while a publish hangs", async () => {
    let now = 1_000_000;
    const store = new InMemoryTaskStore(() => now);
    const hung: TaskPublisher = { publish: () => new Promise<void>(() => {}) };
    await store.insertMany(["waits for a publish that never confirms"]);
    start(store, hung);
    await new Promise((r) => setTimeout(r, 60)); // the publish pass is now stuck

    const [orphan] = await store.insertMany(["left PROCESSING by a crashed consumer"]);
    await store.markPublished([orphan!.id]);
    await store.claim([orphan!.id], "crashed", 1_000);
    now += 5_000;
    await expect
      .poll(async () => (await store.findById(orphan!.id))?.status, { timeout: 1_000 })
      .toBe("PENDING");
  });
});
