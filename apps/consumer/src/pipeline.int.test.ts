import { createCaller } from "@tps/api";
import { createWorkStore, queueNames } from "@tps/infra";
import { createTestApi, TEST_RABBITMQ_URL } from "@tps/infra/testing";
import amqp from "amqplib";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { ConsumerApp } from "./consumer-app";
import { slowPayloadWork, startTestConsumer, testConsumerMetrics } from "./consumer-test-helpers";

const WORK_MS = 400;

/** The consumer's composition root (as main.ts starts it) against real services. */
describe("consumer pipeline on real PostgreSQL, RabbitMQ and Redis", () => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let caller: ReturnType<typeof createCaller>;
  let app: ConsumerApp;
  let metrics: ReturnType<typeof testConsumerMetrics>;

  const statusOf = async (id: number) => (await caller.tasks.get({ id })).status;
  const waitForStatus = (id: number, status: string, timeout = 10_000) =>
    expect.poll(() => statusOf(id), { timeout, interval: 50 }).toBe(status);

  beforeAll(async () => {
    api = await createTestApi(inject("templateDatabaseUrl"));
    caller = createCaller(api.context);
    metrics = testConsumerMetrics();
    app = await startTestConsumer(api, {
      id: "test-consumer",
      metrics,
      env: {
        LEASE_MS: "3000",
        LEASE_GRACE_MS: "300",
        BATCH_SIZE: "100",
        BATCH_WINDOW_MS: "10",
        PREFETCH: "500",
        RETRY_BASE_MS: "50",
        SHUTDOWN_GRACE_MS: "2000",
        RECONCILE_INTERVAL_MS: "200",
        PUBLISH_GRACE_MS: "300",
        STALE_PUBLISH_MS: "1000",
        DB_POOL_SIZE: "5",
      },
      // "slow" payloads run for a minute, so only a cancel can end them within the test.
      work: slowPayloadWork(WORK_MS, 60_000),
    });
  });

  afterAll(async () => {
    await app?.stop();
    await api?.dispose();
  });

  it("processes created tasks to COMPLETED, concurrently", async () => {
    const started = Date.now();
    const { items } = await caller.tasks.createMany({
      payloads: Array.from({ length: 300 }, (_, i) => `t${i}`),
    });
    await expect
      .poll(async () => (await caller.tasks.stats()).COMPLETED, { timeout: 15_000, interval: 100 })
      .toBeGreaterThanOrEqual(300);
    // 300 tasks of 400 ms each would take two minutes one by one.
    expect(Date.now() - started).toBeLessThan(10_000);
    const task = await caller.tasks.get({ id: items[0]!.id });
    expect(task).toMatchObject({ status: "COMPLETED", attempts: 1 });
    expect(new Date(task.finishedAt!).getTime() - new Date(task.startedAt!).getTime()).toBeGreaterThanOrEqual(
      WORK_MS - 5,
    );
  });

  it("stops a running task within a second of cancel, and never completes it", async () => {
    const task = await caller.tasks.create({ payload: "slow: cancel me" });
    await waitForStatus(task.id, "PROCESSING");
    await expect.poll(() => app.worker.inFlight).toBe(1);
    const t0 = Date.now();
    await caller.tasks.cancel({ id: task.id });
    await expect.poll(() => app.worker.inFlight, { timeout: 1_000, interval: 10 }).toBe(0);
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(await statusOf(task.id)).toBe("CANCELED");
    const latency = await metrics.cancelLatency.get();
    expect(latency.values.find((v) => v.metricName === "task_cancel_latency_seconds_count")?.value).toBe(1);
  });

  it("dead-letters a malformed message and keeps consuming", async () => {
    const connection = await amqp.connect(TEST_RABBITMQ_URL);
    const channel = await connection.createChannel();
    channel.sendToQueue(api.queue, Buffer.from("{not json"), { persistent: true });
    channel.sendToQueue(api.queue, Buffer.from(JSON.stringify({ task_id: 987_654 })), { persistent: true });
    const dead = queueNames(api.queue).deadLetterQueue;
    await expect
      .poll(async () => (await channel.checkQueue(dead)).messageCount, { timeout: 5_000, interval: 50 })
      .toBe(2);
    await connection.close();
    const task = await caller.tasks.create({ payload: "after the bad ones" });
    await waitForStatus(task.id, "COMPLETED");
  });

  it("dead-letters each poison message on its own while the rest of its batch completes", async () => {
    const tasks = await api.context.repo.insertMany(["p1", "p2", "p3", "p4"]);
    const connection = await amqp.connect(TEST_RABBITMQ_URL);
    const channel = await connection.createChannel();
    const dead = queueNames(api.queue).deadLetterQueue;
    const deadBefore = (await channel.checkQueue(dead)).messageCount;
    const poison = [
      JSON.stringify({ task_id: 2 ** 53 }), // beyond the safe range: never an id, never sent to the database
      JSON.stringify({ task_id: -5 }),
      JSON.stringify({ task_id: 7.5 }),
      "{not json",
      JSON.stringify({ task_id: 1, padding: "x".repeat(16_384) }),
      JSON.stringify({ task_id: 2_000_000_000 }), // well-formed, unknown
      JSON.stringify({ task_id: 3_000_000_000 }), // past int4, well-formed, unknown (ids are bigint)
    ];
    // Interleaved, so they land in the same claim batches as real tasks.
    for (const [i, body] of poison.entries()) {
      channel.sendToQueue(api.queue, Buffer.from(body), { persistent: true });
      const task = tasks[i % tasks.length]!;
      channel.sendToQueue(api.queue, Buffer.from(JSON.stringify({ task_id: task.id })), { persistent: true });
    }
    await expect
      .poll(async () => (await channel.checkQueue(dead)).messageCount - deadBefore, { timeout: 10_000 })
      .toBe(poison.length);
    await connection.close();
    for (const task of tasks) await waitForStatus(task.id, "COMPLETED");
  });

  it("publishes a task whose publish failed (reconciler)", async () => {
    const [task] = await api.context.repo.insertMany(["never published"]);
    await api.context.repo.unmarkPublished([{ id: task!.id, publishedAt: task!.publishedAt! }]); // send failed
    await waitForStatus(task!.id, "COMPLETED");
    expect((await caller.tasks.get({ id: task!.id })).publishedAt).not.toBeNull();
  });

  it("publishes again a task whose message the broker lost (published, never claimed)", async () => {
    const [task] = await api.context.repo.insertMany(["lost message"]); // marked published, never sent
    await waitForStatus(task!.id, "COMPLETED");
    const events = (await caller.tasks.events({ id: task!.id })).map((e) => e.type);
    expect(events.filter((t) => t === "published")).toHaveLength(2);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/consumer_reconciled_total\{action="lost_message_republished"\} [1-9]/);
  });

  it("recovers a task left PROCESSING by a crashed consumer (lease lapses, the reconciler releases it)", async () => {
    const [task] = await api.context.repo.insertMany(["orphan"]);
    await createWorkStore(api.db).claim([task!.id], "crashed-consumer", 300);
    expect(await statusOf(task!.id)).toBe("PROCESSING");
    await waitForStatus(task!.id, "COMPLETED");
    // The crash was not the work's failure: the lost attempt is given back (the loss counted apart).
    expect((await caller.tasks.get({ id: task!.id })).attempts).toBe(1);
  });

  it("retries failing work, then marks it FAILED with the error; an operator retry runs it again", async () => {
    const task = await caller.tasks.create({ payload: "fail: on purpose" });
    await waitForStatus(task.id, "FAILED");
    const failed = await caller.tasks.get({ id: task.id });
    expect(failed).toMatchObject({ attempts: 3, lastError: "simulated failure: fail: on purpose" });
    await caller.tasks.retry({ id: task.id });
    await expect
      .poll(async () => (await caller.tasks.get({ id: task.id })).attempts, { timeout: 10_000 })
      .toBe(3);
    await waitForStatus(task.id, "FAILED");
  });

  it("exports the metrics the dashboards query", async () => {
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/tasks_processed_total\{status="success",task_type="sleep"\} \d+/);
    expect(text).toMatch(/tasks_processed_total\{status="canceled",task_type="sleep"\} [1-9]/);
    expect(text).toMatch(/task_execution_seconds_count\{task_type="sleep"\} [1-9]/);
  });
});
