import { DependencyUnavailableError, type TaskPublisher } from "@tps/core";
import { InMemoryTaskStore, RecordingPublisher } from "@tps/core/testing";
import { describe, expect, it } from "vitest";
import type { ConsumerMetrics } from "./metrics";
import { useTestReconcilers } from "./reconciler-test-helpers";

describe("reconciler (in-memory store)", () => {
  const startReconciler = useTestReconcilers({ stopWithinMs: 100 });
  let metrics: ConsumerMetrics;
  const start = (store: InMemoryTaskStore, publisher: TaskPublisher) => {
    const reconciler = startReconciler({ store, publisher, lapse: { graceMs: 2_000, maxLosses: 3 } });
    metrics = reconciler.metrics;
    return reconciler;
  };

  it("republishes a PENDING task whose message was lost even while the queue holds other messages", async () => {
    let now = 1_000_000;
    const store = new InMemoryTaskStore(() => now);
    const [task] = await store.insertMany(["message lost by the broker"]); // marked published
    now += 120_000; // published two minutes ago, never claimed
    const publisher = new RecordingPublisher();
    start(store, publisher); // whatever else the queue holds, it is not asked
    await expect.poll(() => publisher.published, { timeout: 1_000 }).toContain(task!.id);
  });

  it("exports what the alerts watch: oldest PENDING age, PROCESSING past its lease, last reconcile", async () => {
    let now = 1_000_000;
    const store = new InMemoryTaskStore(() => now);
    const [, stuck] = await store.insertMany(["waiting", "stuck"]);
    await store.claim([stuck!.id], "hung-consumer", 60_000);
    now += 90_000; // the lease lapsed 30 s ago
    const failing: TaskPublisher = { publish: async () => {} };
    // Only observe: no reaping (recoverExpiredLeases finds nothing).
    store.recoverExpiredLeases = async () => ({ released: 0, failed: 0 });
    const before = Date.now() / 1000;
    await start(store, failing).runOnce();
    const value = async (name: string) =>
      (await metrics.registry.getSingleMetric(name)!.get()).values[0]?.value ?? Number.NaN;
    expect(await value("tasks_oldest_pending_age_seconds")).toBe(90);
    expect(await value("tasks_processing_past_lease")).toBe(1);
    expect(await value("consumer_reconciler_last_success_timestamp_seconds")).toBeGreaterThanOrEqual(
      Math.floor(before),
    );
  });

  it("keeps recovering lapsed leases while a publish hangs", async () => {
    let now = 1_000_000;
    const store = new InMemoryTaskStore(() => now);
    const hung: TaskPublisher = { publish: () => new Promise<void>(() => {}) };
    const [unsent] = await store.insertMany(["waits for a publish that never confirms"]);
    await store.unmarkPublished([{ id: unsent!.id, publishedAt: unsent!.publishedAt! }]); // its send failed
    start(store, hung);
    await new Promise((r) => setTimeout(r, 60)); // the publish pass is now stuck

    const [orphan] = await store.insertMany(["left PROCESSING by a crashed consumer"]);
    await store.claim([orphan!.id], "crashed", 1_000);
    now += 5_000;
    await expect
      .poll(async () => (await store.findById(orphan!.id))?.status, { timeout: 1_000 })
      .toBe("PENDING");
  });

  it("after failing to reach the database, leaves lapsed leases to their owners for the grace once it answers", async () => {
    let now = 1_000_000;
    const store = new InMemoryTaskStore(() => now);
    const [task] = await store.insertMany(["finished during the outage"]);
    const [claimed] = await store.claim([task!.id], "owner", 15_000);
    let down = true;
    let answered = 0;
    const unavailable = () => new DependencyUnavailableError("database", new Error("connection refused"));
    const recover = store.recoverExpiredLeases.bind(store);
    const backlog = store.backlog.bind(store);
    store.recoverExpiredLeases = async (...args) => {
      if (down) throw unavailable();
      return recover(...args);
    };
    store.backlog = async () => {
      if (down) throw unavailable();
      answered++;
      return backlog();
    };
    start(store, new RecordingPublisher());
    now += 60_000; // an outage far longer than lease + grace: the lease lapsed 45 s ago
    await new Promise((r) => setTimeout(r, 100)); // a few failed passes
    down = false;
    await expect.poll(() => answered, { timeout: 1_000 }).toBeGreaterThanOrEqual(3);
    // The owner, back too, settles the work it finished during the outage.
    const [settled] = await store.settle(
      [{ id: task!.id, leaseToken: claimed!.leaseToken, outcome: "complete" }],
      "owner",
    );
    expect(settled!.outcome).toBe("complete");
    expect(await store.findById(task!.id)).toMatchObject({ status: "COMPLETED", attempts: 1 });
  });
});
