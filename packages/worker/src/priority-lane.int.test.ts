import { createCaller } from "@tps/api";
import { createTasks, publishNow } from "@tps/core";
import { createAmqpPublisher, createLogger, laneOf, queueForType } from "@tps/infra";
import { createTestApi, TEST_RABBITMQ_URL, uniqueName } from "@tps/infra/testing";
import amqp from "amqplib";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { startAmqpConsumer } from "./amqp-consumer";
import type { Worker, WorkerOptions } from "./create-worker";
import { defineTask } from "./define-task";
import { deleteTestTopology, startTestWorker } from "./worker-test-helpers";

const BACKLOG = 400;
const WORK_MS = 50;
const PREFETCH = 5;

/**
 * Invariant: a task of priority ≥ 1 waits in its type's lane, not behind the type's priority-0
 * backlog: with a small prefetch busy on the backlog it still starts within about one batch, and
 * among lane tasks the highest priority starts first.
 */
describe("priority lane, end to end through a worker", () => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  const workers: Worker[] = [];
  /** Every start, in order: the task and the priority its input names. */
  const starts: { type: string; id: number; p: number; at: number }[] = [];

  const define = (type: string, concurrency: number) =>
    defineTask({
      type,
      input: z.object({ p: z.number().int() }),
      concurrency,
      run: async ({ p }, ctx) => {
        starts.push({ type, id: ctx.taskId, p, at: performance.now() });
        await new Promise((r) => setTimeout(r, WORK_MS));
      },
    });
  const work = define("lane.work", PREFETCH);
  const order = define("lane.order", 1);

  const start = (tasks: WorkerOptions["tasks"], id: string) =>
    startTestWorker(api, { tasks, id, env: { LEASE_MS: "5000", RECONCILE_INTERVAL_MS: "500" } }, workers);

  /**
   * Inserts tasks (as the create path does, marked published) and sends their messages with the
   * given priorities through the create path's publish (publishNow): priority 0 to the type's
   * queue, 1-9 to its lane.
   */
  async function createWithPriority(type: string, priorities: number[]) {
    const created = await createTasks(
      { ...api.context, publisher: { publish: async () => {} } },
      priorities.map((p) => ({ type, payload: JSON.stringify({ p }), priority: p })),
    );
    const tasks = created.map((task, i) => ({ ...task, priority: priorities[i]! }));
    expect(await publishNow(api.context, tasks)).toBe(true);
    return tasks.map((t) => t.id);
  }

  beforeAll(async () => {
    api = await createTestApi(inject("templateDatabaseUrl"));
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await api?.dispose();
  });

  it(`starts a priority-9 task ahead of a backlog of ${BACKLOG} priority-0 tasks (prefetch ${PREFETCH})`, async () => {
    await start([work], "lane-worker-1");
    const caller = createCaller(api.context);
    await caller.tasks.createMany({
      items: Array.from({ length: BACKLOG }, () => ({ type: work.type, input: { p: 0 } })),
    });
    await expect.poll(() => starts.length, { timeout: 10_000, interval: 10 }).toBeGreaterThanOrEqual(20);

    const publishedAt = performance.now();
    const [urgent] = await createWithPriority(work.type, [9]);
    await expect.poll(() => starts.some((s) => s.id === urgent), { timeout: 10_000, interval: 5 }).toBe(true);
    const started = starts.find((s) => s.id === urgent)!;
    const before = starts.filter((s) => s.type === work.type && s.at < started.at && s.p === 0).length;
    const pending = Number(
      (
        await api.db.$queryRaw<{ n: bigint }[]>`
          SELECT count(*) AS n FROM tasks WHERE type = ${work.type} AND status = 'PENDING'`
      )[0]!.n,
    );
    console.log(
      `priority 9 started ${(started.at - publishedAt).toFixed(0)} ms after its publish, ` +
        `after ${before} of ${BACKLOG} backlog tasks; ${pending} still pending`,
    );
    // Only what was already in flight (a prefetch window) or arriving with it may go first.
    expect(before).toBeLessThan(20 + 3 * PREFETCH);
    expect(pending).toBeGreaterThan(BACKLOG / 2);
  });

  it("unsubscribes the lane while paused, like the queue, and resubscribes on resume", async () => {
    const caller = createCaller(api.context);
    await caller.processing.pause({ reason: "priority lane test" });
    await expect
      .poll(() => workers[0]!.health().then((h) => h.processing), { timeout: 5_000 })
      .not.toBe("running");
    const [held] = await createWithPriority(work.type, [7]);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(starts.some((s) => s.id === held)).toBe(false);
    await caller.processing.resume();
    await expect.poll(() => starts.some((s) => s.id === held), { timeout: 5_000 }).toBe(true);
  });

  it("reports not consuming while the lane is gone, then redeclares it and resumes", async () => {
    const lane = laneOf(queueForType(api.queue, work.type));
    const connection = await amqp.connect(TEST_RABBITMQ_URL);
    try {
      const channel = await connection.createChannel();
      // Deleting the lane cancels its consumer; a queue of the name with other arguments then
      // keeps the worker from redeclaring it.
      await channel.deleteQueue(lane);
      await channel.assertQueue(lane, { durable: false, autoDelete: false });
      await expect
        .poll(() => workers[0]!.health().then((h) => h.rabbitmq), { timeout: 5_000, interval: 50 })
        .toMatch(/not consuming lane\.work/);
      await channel.deleteQueue(lane); // out of the way: the worker redeclares its own
      await expect
        .poll(() => workers[0]!.health().then((h) => h.rabbitmq), { timeout: 10_000, interval: 100 })
        .toBe("ok");
    } finally {
      await connection.close();
    }
    const [after] = await createWithPriority(work.type, [5]);
    await expect.poll(() => starts.some((s) => s.id === after), { timeout: 5_000 }).toBe(true);
  });

  it("starts lane tasks highest priority first", async () => {
    // Queued before any worker of the type subscribes, so the broker orders the whole lane.
    const priorities = [3, 9, 1, 7, 5, 2, 8, 4, 6];
    await createWithPriority(order.type, priorities);
    await start([order], "lane-worker-2");
    await expect
      .poll(() => starts.filter((s) => s.type === order.type).length, { timeout: 10_000 })
      .toBe(priorities.length);
    expect(starts.filter((s) => s.type === order.type).map((s) => s.p)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });
});

describe("AMQP consumer with a priority lane", () => {
  it("counts the lane in its queue depth (task_queue_depth) and consumes both once resumed", async () => {
    const queue = uniqueName("tq_lane_consumer");
    const log = createLogger("test", "silent");
    let paused = true;
    const received: (number | null)[] = [];
    const consumer = await startAmqpConsumer({
      url: TEST_RABBITMQ_URL,
      queue,
      prefetch: 10,
      log,
      paused: () => paused,
      onDelivery: (delivery) => {
        received.push(delivery.taskId);
        delivery.ack();
      },
    });
    const publisher = createAmqpPublisher(TEST_RABBITMQ_URL, queue, log);
    try {
      await publisher.publish([
        { id: 1, type: "sleep" },
        { id: 2, type: "sleep", priority: 3 },
        { id: 3, type: "sleep", priority: 9 },
      ]);
      // A quorum queue reports its depth a moment later.
      await expect.poll(() => consumer.depth()).toBe(3);
      expect(consumer.subscribed()).toBe(false);
      paused = false;
      await consumer.sync();
      await expect.poll(() => received.length).toBe(3);
      expect(received.toSorted()).toEqual([1, 2, 3]);
      await expect.poll(() => consumer.depth()).toBe(0);
    } finally {
      await publisher.close();
      await consumer.close();
      await deleteTestTopology(queue);
    }
  });
});
