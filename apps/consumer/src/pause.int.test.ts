import { createCaller } from "@tps/api";
import { createTestApi, TEST_ADMIN, TEST_RABBITMQ_URL } from "@tps/infra/testing";
import amqp from "amqplib";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { ConsumerApp } from "./consumer-app";
import { slowPayloadWork, startTestConsumer, testConsumerMetrics } from "./consumer-test-helpers";

const work = slowPayloadWork(200, 2_500);

/** Pause and resume through the API, with two real consumers on real PostgreSQL and RabbitMQ. */
describe("pausing and resuming processing", () => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let caller: ReturnType<typeof createCaller>;
  const apps: ConsumerApp[] = [];
  const metrics = [testConsumerMetrics(), testConsumerMetrics()];

  const statusOf = async (id: number) => (await caller.tasks.get({ id })).status;
  const health = async (app: ConsumerApp) =>
    (await fetch(`http://127.0.0.1:${app.port}/health`)).json() as Promise<Record<string, unknown>>;
  const start = (id: string, m = testConsumerMetrics()) =>
    startTestConsumer(api, {
      id,
      metrics: m,
      env: {
        LEASE_MS: "3000",
        BATCH_WINDOW_MS: "10",
        PREFETCH: "50",
        RECONCILE_INTERVAL_MS: "200",
        PUBLISH_GRACE_MS: "300",
        // Short, so a pause that re-sent "stale" messages would show up as extra attempts.
        STALE_PUBLISH_MS: "1000",
        DB_POOL_SIZE: "4",
      },
      work,
    });

  beforeAll(async () => {
    api = await createTestApi(inject("templateDatabaseUrl"));
    caller = createCaller(api.context);
    apps.push(await start("pause-a", metrics[0]), await start("pause-b", metrics[1]));
  });

  afterAll(async () => {
    await caller?.processing.resume().catch(() => {});
    for (const app of apps) await app.stop();
    await api?.dispose();
  });

  it("stops every consumer claiming within a second, lets running work finish, and resumes", async () => {
    const running = await caller.tasks.createMany({ payloads: ["slow 1", "slow 2", "slow 3"] });
    for (const task of running.items)
      await expect.poll(() => statusOf(task.id), { timeout: 5_000, interval: 50 }).toBe("PROCESSING");

    const pausedAt = Date.now();
    expect(await caller.processing.pause({ reason: "test" })).toMatchObject({
      paused: true,
      by: TEST_ADMIN.name,
    });
    await expect
      .poll(() => apps.every((a) => !a.consumer.subscribed() && a.processing.paused), {
        timeout: 1_000,
        interval: 20,
      })
      .toBe(true);
    const stopMs = Date.now() - pausedAt;

    const waiting = await caller.tasks.createMany({
      payloads: Array.from({ length: 20 }, (_, i) => `w${i}`),
    });
    // The work that was running finishes and is settled while paused.
    for (const task of running.items)
      await expect.poll(() => statusOf(task.id), { timeout: 6_000, interval: 100 }).toBe("COMPLETED");
    // Nothing new was claimed: the tasks created meanwhile stay PENDING, their messages in the queue.
    await new Promise((r) => setTimeout(r, 1_500));
    const pending = await Promise.all(waiting.items.map((t) => caller.tasks.get({ id: t.id })));
    expect(pending.map((t) => [t.status, t.attempts])).toEqual(waiting.items.map(() => ["PENDING", 0]));
    const connection = await amqp.connect(TEST_RABBITMQ_URL);
    const channel = await connection.createChannel();
    expect((await channel.checkQueue(api.queue)).messageCount).toBe(20);
    await connection.close();

    // Paused on purpose is healthy, and says so.
    const report = await health(apps[0]!);
    expect(report).toMatchObject({
      ok: true,
      processing: { paused: true, by: TEST_ADMIN.name, reason: "test" },
    });
    expect((await metrics[0]!.processingPaused.get()).values[0]?.value).toBe(1);

    const resumedAt = Date.now();
    await caller.processing.resume();
    await expect
      .poll(() => apps.every((a) => a.consumer.subscribed()), { timeout: 1_000, interval: 20 })
      .toBe(true);
    const resumeMs = Date.now() - resumedAt;
    for (const task of waiting.items)
      await expect.poll(() => statusOf(task.id), { timeout: 10_000, interval: 100 }).toBe("COMPLETED");
    const done = await Promise.all(waiting.items.map((t) => caller.tasks.get({ id: t.id })));
    expect(done.every((t) => t.attempts === 1)).toBe(true);
    expect((await metrics[1]!.processingPaused.get()).values[0]?.value).toBe(0);
    expect(await health(apps[1]!)).toMatchObject({ ok: true, processing: "running" });
    console.log(`pause → unsubscribed in ${stopMs} ms; resume → subscribed in ${resumeMs} ms`);
  });

  it("a consumer started while paused does not subscribe until resumed", async () => {
    await caller.processing.pause({});
    const late = await start("pause-late");
    try {
      expect(late.processing.paused).toBe(true);
      expect(late.consumer.consuming()).toBe(true);
      expect(late.consumer.subscribed()).toBe(false);
      await expect.poll(() => apps.every((a) => !a.consumer.subscribed()), { timeout: 1_000 }).toBe(true);
      const task = await caller.tasks.create({ payload: "late" });
      await new Promise((r) => setTimeout(r, 800));
      expect(await statusOf(task.id)).toBe("PENDING");
      await caller.processing.resume();
      await expect.poll(() => late.consumer.subscribed(), { timeout: 1_000, interval: 20 }).toBe(true);
      await expect.poll(() => statusOf(task.id), { timeout: 5_000, interval: 50 }).toBe("COMPLETED");
    } finally {
      await late.stop();
    }
  });
});
