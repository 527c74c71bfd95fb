import { createCaller } from "@tps/api";
import { deleteTopology } from "@tps/infra";
import { createTestApi, TEST_RABBITMQ_URL, TEST_REDIS_URL } from "@tps/infra/testing";
import amqp from "amqplib";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { createWorker, type Worker } from "./create-worker";
import { defineTask } from "./define-task";

const TYPES = ["delay.echo", "delay.block"];

/** Delays and expiry end to end: tRPC creates, a worker with the default publish grace and interval. */
describe("delayed and expiring tasks on real PostgreSQL, RabbitMQ and Redis", () => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let caller: ReturnType<typeof createCaller>;
  let worker: Worker;

  const echo = defineTask({
    type: "delay.echo",
    input: z.object({ n: z.number() }),
    run: async ({ n }) => n,
  });
  const block = defineTask({
    type: "delay.block",
    input: z.object({ ms: z.number() }),
    concurrency: 1,
    run: ({ ms }) => new Promise((resolve) => setTimeout(resolve, ms)),
  });

  beforeAll(async () => {
    api = await createTestApi(inject("templateDatabaseUrl"));
    caller = createCaller(api.context);
    worker = createWorker({
      tasks: [echo, block],
      id: "delay-worker-1",
      databaseUrl: api.databaseUrl,
      rabbitmqUrl: TEST_RABBITMQ_URL,
      redisUrl: TEST_REDIS_URL,
      queue: api.queue,
      shutdownGraceMs: 500,
      // The defaults that matter: a 1 s reconcile interval and a 5 s publish grace (which a delayed
      // task must not wait for: the API never sends it).
      env: { LOG_LEVEL: "silent", LEASE_MS: "3000", RECONCILE_INTERVAL_MS: "1000", PUBLISH_GRACE_MS: "5000" },
    });
    await worker.start();
  });

  afterAll(async () => {
    await worker?.stop();
    const connection = await amqp.connect(TEST_RABBITMQ_URL);
    await deleteTopology(await connection.createChannel(), api.queue, TYPES).catch(() => {});
    await connection.close();
    await api?.dispose();
  });

  it("starts delayed tasks no earlier than their run time and within a second after it", async () => {
    const runAt = new Date(Date.now() + 2_500);
    const { items } = await caller.tasks.createMany({
      items: [
        ...Array.from({ length: 20 }, (_, n) => ({
          type: "delay.echo",
          input: { n },
          runAt: runAt.toISOString(),
        })),
        { type: "delay.echo", input: { n: 99 }, delayMs: 1_200 },
      ],
    });
    for (const task of items) expect(task.publishedAt).toBeNull();
    await expect
      .poll(async () => (await caller.tasks.stats({ filter: { type: "delay.echo" } })).COMPLETED, {
        timeout: 10_000,
        interval: 100,
      })
      .toBe(items.length);
    const lateness = await Promise.all(
      items.map(async (t) => {
        const done = await caller.tasks.get({ id: t.id });
        return Date.parse(done.startedAt!) - Date.parse(t.nextAttemptAt!);
      }),
    );
    for (const ms of lateness) {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThan(1_000);
    }
  });

  it("ends a task not started within its ttl as CANCELED, expired, without running it", async () => {
    await caller.tasks.create({ type: "delay.block", input: { ms: 2_500 } });
    const doomed = await caller.tasks.create({ type: "delay.block", input: { ms: 0 }, ttlMs: 1_000 });
    await expect
      .poll(async () => (await caller.tasks.get({ id: doomed.id })).status, { timeout: 8_000, interval: 100 })
      .toBe("CANCELED");
    expect(await caller.tasks.get({ id: doomed.id })).toMatchObject({
      expired: true,
      lastError: "expired",
      startedAt: null,
      attempts: 0,
    });
    expect((await caller.tasks.events({ id: doomed.id })).map((e) => e.type)).toContain("expired");
  });
});
