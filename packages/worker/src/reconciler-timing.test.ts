import type { TaskPublisher, TaskRef } from "@tps/core";
import { InMemoryTaskStore } from "@tps/core/testing";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { createConsumerMetrics } from "./metrics";
import { countingExpired } from "./reconciler";
import { useTestReconcilers } from "./reconciler-test-helpers";

/** Records when (performance.now()) each task was sent. */
class TimedPublisher implements TaskPublisher {
  readonly sent = new Map<number, { at: number; ref: TaskRef }>();
  async publish(tasks: readonly TaskRef[]) {
    for (const ref of tasks) this.sent.set(ref.id, { at: performance.now(), ref });
  }
}

describe("reconciler: due times, kicks and expiry", () => {
  const startReconciler = useTestReconcilers();
  let metrics: ReturnType<typeof createConsumerMetrics>;
  const start = (store: InMemoryTaskStore, publisher: TaskPublisher, intervalMs: number) => {
    const reconciler = startReconciler({
      store,
      publisher,
      intervalMs,
      publishGraceMs: 5_000,
      stalePublishMs: 600_000,
    });
    metrics = reconciler.metrics;
    return reconciler;
  };
  const value = async (name: string, labels: Record<string, string> = {}) =>
    (await metrics.registry.getSingleMetric(name)!.get()).values.find((v) =>
      Object.entries(labels).every(([k, l]) => v.labels[k] === l),
    )?.value;

  it("wakes when the next delayed task is due, not at its interval, and sends it without the grace", async () => {
    const store = new InMemoryTaskStore();
    const publisher = new TimedPublisher();
    const reconciler = start(store, publisher, 3_000);
    const begin = performance.now();
    const [task] = await store.insertMany([
      { payload: "in 600 ms", availableAt: new Date(Date.now() + 600).toISOString(), priority: 5 },
    ]);
    reconciler.kick(); // a pass now: nothing due yet, it sleeps until the task is
    await expect.poll(() => publisher.sent.has(task!.id), { timeout: 2_000, interval: 10 }).toBe(true);
    const late = publisher.sent.get(task!.id)!.at - begin - 600;
    expect(late).toBeGreaterThanOrEqual(-5);
    expect(late).toBeLessThan(250);
    expect(publisher.sent.get(task!.id)!.ref).toEqual({ id: task!.id, type: "sleep", priority: 5 });
  });

  it("publishes at once when kicked (held tasks woken by a freed slot)", async () => {
    const store = new InMemoryTaskStore();
    const publisher = new TimedPublisher();
    const reconciler = start(store, publisher, 60_000);
    await reconciler.runOnce();
    const [task] = await store.insertMany([
      { payload: "woken", availableAt: new Date(Date.now() + 50).toISOString() },
    ]);
    Object.assign(store.rows.get(task!.id)!, { availableAt: Date.now(), waitingOn: "concurrency" }); // woken
    const kickedAt = performance.now();
    reconciler.kick();
    await expect.poll(() => publisher.sent.has(task!.id), { timeout: 1_000, interval: 5 }).toBe(true);
    expect(publisher.sent.get(task!.id)!.at - kickedAt).toBeLessThan(100);
  });

  it("sends a burst of due tasks in parallel batches, highest priority first", async () => {
    const store = new InMemoryTaskStore();
    const publisher = new TimedPublisher();
    const at = new Date(Date.now() + 100).toISOString();
    const tasks = await store.insertMany(
      Array.from({ length: 3_500 }, (_, i) => ({
        payload: `burst ${i}`,
        availableAt: at,
        priority: i === 3_499 ? 9 : 0,
      })),
    );
    const reconciler = start(store, publisher, 60_000);
    reconciler.kick();
    await expect.poll(() => publisher.sent.size, { timeout: 2_000, interval: 10 }).toBe(3_500);
    const first = [...publisher.sent.values()][0]!.ref;
    expect(first).toEqual({ id: tasks.at(-1)!.id, type: "sleep", priority: 9 });
  });

  it("after a failed publish pass waits its interval, not the next due time (no retry storm)", async () => {
    const store = new InMemoryTaskStore();
    let attempts = 0;
    const down: TaskPublisher = {
      publish: async () => {
        attempts++;
        throw new Error("broker down");
      },
    };
    await store.insertMany([{ payload: "due", availableAt: new Date(Date.now() + 20).toISOString() }]);
    const reconciler = start(store, down, 400);
    await new Promise((r) => setTimeout(r, 40));
    reconciler.kick();
    await new Promise((r) => setTimeout(r, 300));
    expect(attempts).toBe(1);
  });

  it("expires PENDING tasks past their expiry, counts them, and reports due tasks not started", async () => {
    let now = Date.parse("2026-12-07T12:00:00Z");
    const store = new InMemoryTaskStore(() => now);
    const [doomed, late] = await store.insertMany([
      { payload: "expires", availableAt: "2026-12-07T12:00:05.000Z", expiresAt: "2026-12-07T12:00:10.000Z" },
      { payload: "late" },
    ]);
    now += 30_000;
    await start(store, { publish: async () => {} }, 60_000).runOnce();
    expect(await store.findById(doomed!.id)).toMatchObject({ status: "CANCELED", expired: true });
    expect(await store.findById(late!.id)).toMatchObject({ status: "PENDING" });
    expect(await value("tasks_processed_total", { status: "expired", task_type: "sleep" })).toBe(1);
    expect(await value("tasks_due_not_started")).toBe(1);
  });

  it("counts the tasks a claim found expired", async () => {
    let now = Date.parse("2026-12-07T12:00:00Z");
    const store = new InMemoryTaskStore(() => now);
    metrics = createConsumerMetrics(new Registry());
    const [task] = await store.insertMany([{ payload: "x", expiresAt: "2026-12-07T12:00:01.000Z" }]);
    now += 2_000;
    const counted = countingExpired(
      { ...store, claim: store.claim.bind(store) } as unknown as InMemoryTaskStore,
      metrics,
    );
    expect(await counted.claim([task!.id], "c1", 60_000)).toEqual([]);
    expect(await value("tasks_processed_total", { status: "expired", task_type: "sleep" })).toBe(1);
  });
});
