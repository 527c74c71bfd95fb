import { randomBytes, randomInt } from "node:crypto";
import { createTaskIntake, MAX_BATCH_PAYLOADS, MAX_PAYLOAD_BYTES } from "@tps/core";
import { TEST_RABBITMQ_URL, TEST_REDIS_URL } from "@tps/infra/testing";
import amqp from "amqplib";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { useTestCaller } from "./api-test-helpers";
import { createCaller } from "./trpc/app-router";

describe("tasks router on real PostgreSQL, RabbitMQ and Redis", () => {
  const { api, caller } = useTestCaller();

  it("creates a task, stores it PENDING and publishes a persistent message", async () => {
    const task = await caller.tasks.create({ payload: "hello" });
    expect(task).toMatchObject({ payload: "hello", status: "PENDING", attempts: 0, startedAt: null });
    expect(task.publishedAt).not.toBeNull();
    const stored = await caller.tasks.get({ id: task.id });
    expect(stored.publishedAt).not.toBeNull();

    const connection = await amqp.connect(TEST_RABBITMQ_URL);
    const channel = await connection.createChannel();
    const message = await channel.get(api().queue, { noAck: true });
    await connection.close();
    if (!message) throw new Error("no message was published");
    expect(JSON.parse(message.content.toString())).toEqual({ task_id: task.id });
    expect(message.properties.deliveryMode).toBe(2); // persistent
  });

  it("creates many tasks in one call, in order", async () => {
    const payloads = Array.from({ length: 2_000 }, (_, i) => `bulk-${i}`);
    const { items } = await caller.tasks.createMany({ payloads });
    expect(items.map((t) => t.payload)).toEqual(payloads);
    const ids = items.map((t) => t.id);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(new Set(ids).size).toBe(payloads.length);
  });

  // A payload up to the limit is stored whatever its content: random text barely compresses, and an
  // index that copied the payload (INCLUDE) refused such rows above about 2.7 kB.
  it("stores, lists and searches payloads of the maximum size that do not compress", async () => {
    const base64 = randomBytes((MAX_PAYLOAD_BYTES / 4) * 3).toString("base64");
    const cjk = Array.from({ length: Math.floor(MAX_PAYLOAD_BYTES / 3) }, () =>
      String.fromCodePoint(0x4e00 + randomInt(0x5000)),
    ).join("");
    expect(Buffer.byteLength(base64)).toBe(MAX_PAYLOAD_BYTES);
    const single = await caller.tasks.create({ payload: base64 });
    const { items } = await caller.tasks.createMany({ payloads: [cjk, `${base64.slice(1)}!`] });
    expect([single, ...items].map((t) => t.payload)).toEqual([base64, cjk, `${base64.slice(1)}!`]);

    const needle = base64.slice(100, 140);
    const short = await caller.tasks.create({ payload: `short ${needle}` });
    // A status + search walks short and long payloads separately and merges them newest first.
    const found = await caller.tasks.list({ filter: { search: needle, status: "PENDING" }, limit: 2 });
    expect(found.items.map((t) => t.id)).toEqual([short.id, items[1]!.id]);
    const rest = await caller.tasks.list({
      filter: { search: needle, status: "PENDING" },
      cursor: found.nextCursor,
    });
    expect(rest.items.map((t) => t.id)).toEqual([single.id]);
  });

  it("creates concurrent single calls in shared inserts, each task stored, published and returned to its caller", async () => {
    const batches: number[] = [];
    const intake = createTaskIntake(api().context, { onBatch: (_calls, tasks) => batches.push(tasks) });
    const sharing = createCaller({ ...api().context, intake });
    const payloads = Array.from({ length: 300 }, (_, i) => `concurrent-${i}`);
    const tasks = await Promise.all(payloads.map((payload) => sharing.tasks.create({ payload })));

    expect(tasks.map((t) => t.payload)).toEqual(payloads);
    expect(new Set(tasks.map((t) => t.id)).size).toBe(payloads.length);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(payloads.length);
    expect(batches.length).toBeLessThan(payloads.length / 10); // calls shared statements
    for (const task of [tasks[0]!, tasks[150]!, tasks.at(-1)!]) {
      expect((await caller.tasks.get({ id: task.id })).publishedAt).not.toBeNull();
      expect((await caller.tasks.events({ id: task.id })).map((e) => e.type)).toEqual([
        "created",
        "published",
      ]);
    }
    const connection = await amqp.connect(TEST_RABBITMQ_URL);
    const channel = await connection.createChannel();
    const { messageCount } = await channel.checkQueue(api().queue);
    await connection.close();
    expect(messageCount).toBeGreaterThanOrEqual(payloads.length);
  });

  it("returns the same task for the same idempotency key, never a duplicate, even under concurrent calls", async () => {
    const before = (await caller.tasks.stats()).PENDING + (await caller.tasks.stats()).PROCESSING;
    const first = await caller.tasks.create({ payload: "charge #1", idempotencyKey: "order-1" });
    const again = await caller.tasks.create({ payload: "charge #1", idempotencyKey: "order-1" });
    expect(again.id).toBe(first.id);

    const racing = await Promise.all(
      Array.from({ length: 10 }, () =>
        caller.tasks.create({ payload: "charge #2", idempotencyKey: "order-2" }),
      ),
    );
    expect(new Set(racing.map((t) => t.id)).size).toBe(1);

    const { items } = await caller.tasks.createMany({
      items: [
        { payload: "charge #1", idempotencyKey: "order-1" },
        { payload: "charge #3", idempotencyKey: "order-3" },
        { payload: "no key" },
        { payload: "charge #3", idempotencyKey: "order-3" },
      ],
    });
    expect(items.map((t) => t.payload)).toEqual(["charge #1", "charge #3", "no key", "charge #3"]);
    expect(items[0]!.id).toBe(first.id);
    expect(items[3]!.id).toBe(items[1]!.id);
    const stats = await caller.tasks.stats();
    expect(stats.PENDING + stats.PROCESSING - before).toBe(4); // order-1, order-2, order-3, no key

    await expect(
      caller.tasks.create({ payload: "x", idempotencyKey: "k".repeat(201) }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("rejects bad input with a 4xx and a readable message", async () => {
    await expect(caller.tasks.create({ payload: "x".repeat(MAX_PAYLOAD_BYTES + 1) })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("at most 65536 bytes"),
    });
    await expect(caller.tasks.createMany({ payloads: [] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      caller.tasks.createMany({ payloads: Array.from({ length: MAX_BATCH_PAYLOADS + 1 }, () => "x") }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("at most 10000") });
    await expect(caller.tasks.get({ id: -1 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.tasks.list({ limit: 101 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // @ts-expect-error: wrong type on purpose
    await expect(caller.tasks.create({ payload: 5 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  // PostgreSQL text cannot hold U+0000: such input must be refused as input, not fail in the database.
  it("refuses text with a NUL character as bad input, wherever it would be stored or searched", async () => {
    const nul = "a\u0000b";
    const refused = { code: "BAD_REQUEST", message: expect.stringContaining("NUL") };
    await expect(caller.tasks.create({ payload: nul })).rejects.toMatchObject(refused);
    await expect(caller.tasks.createMany({ payloads: ["ok", nul] })).rejects.toMatchObject(refused);
    await expect(caller.tasks.create({ payload: "ok", idempotencyKey: nul })).rejects.toMatchObject(refused);
    await expect(caller.tasks.list({ filter: { search: nul } })).rejects.toMatchObject(refused);
    await expect(caller.tasks.stats({ filter: { search: nul } })).rejects.toMatchObject(refused);
  });

  it("gets NOT_FOUND for a missing task", async () => {
    await expect(caller.tasks.get({ id: 999_999 })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "task 999999 not found",
    });
  });

  it("lists newest first with cursor pagination and a status filter", async () => {
    const { items } = await caller.tasks.createMany({ payloads: ["p1", "p2", "p3", "p4", "p5"] });
    await caller.tasks.cancel({ id: items[1]!.id });
    await caller.tasks.cancel({ id: items[3]!.id });

    const first = await caller.tasks.list({ limit: 2 });
    expect(first.items.map((t) => t.id)).toEqual([items[4]!.id, items[3]!.id]);
    const second = await caller.tasks.list({ limit: 2, cursor: first.nextCursor });
    expect(second.items.map((t) => t.id)).toEqual([items[2]!.id, items[1]!.id]);

    const canceled = await caller.tasks.list({ filter: { status: "CANCELED" }, limit: 100 });
    expect(canceled.items.map((t) => t.id)).toEqual([items[3]!.id, items[1]!.id]);
    expect(canceled.nextCursor).toBeNull();
  });

  it("cancels PENDING tasks, sets the Redis flag and signals, and refuses a second cancel", async () => {
    const subscriber = new Redis(TEST_REDIS_URL);
    const signals: string[] = [];
    await subscriber.subscribe(`${api().prefix}cancel`);
    subscriber.on("message", (_c: string, m: string) => signals.push(m));

    const task = await caller.tasks.create({ payload: "to cancel" });
    const canceled = await caller.tasks.cancel({ id: task.id });
    expect(canceled).toMatchObject({ status: "CANCELED" });
    expect(canceled.canceledAt).not.toBeNull();

    const redis = new Redis(TEST_REDIS_URL);
    expect(await redis.get(`${api().prefix}cancel:${task.id}`)).toBe("1");
    await expect.poll(() => signals.length).toBe(1);
    expect(signals[0]).toMatch(new RegExp(`^${task.id}:\\d+$`));

    await expect(caller.tasks.cancel({ id: task.id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: `cannot cancel task ${task.id}: it is CANCELED`,
    });
    await expect(caller.tasks.cancel({ id: 987_654 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    redis.disconnect();
    subscriber.disconnect();
  });

  it("refuses to retry a task that is not FAILED", async () => {
    const task = await caller.tasks.create({ payload: "x" });
    await expect(caller.tasks.retry({ id: task.id })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("retry now publishes a task waiting out its backoff at once, keeping its attempts", async () => {
    const task = await caller.tasks.create({ payload: "backing off" });
    // As a consumer's backoff settle leaves it: PENDING, unpublished, due in a minute.
    await api().db.$executeRaw`
      UPDATE tasks SET attempts = 1, published_at = NULL, last_error = 'boom',
        available_at = now() + interval '1 minute' WHERE id = ${task.id}`;
    const waiting = await caller.tasks.get({ id: task.id });
    expect(Date.parse(waiting.nextAttemptAt!)).toBeGreaterThan(Date.now() + 30_000);

    const due = await caller.tasks.retryNow({ id: task.id });
    expect(due).toMatchObject({ status: "PENDING", attempts: 1 });
    expect(Date.parse(due.nextAttemptAt!)).toBeLessThanOrEqual(Date.now() + 1_000);
    const stored = await caller.tasks.get({ id: task.id });
    expect(stored.publishedAt).not.toBeNull();
    const events = await caller.tasks.events({ id: task.id });
    expect(events.slice(-2).map((e) => e.type)).toEqual(["retried", "published"]);
    expect(events.at(-2)).toMatchObject({ attempt: 1, actor: api().context.principal!.name });
    await expect(caller.tasks.retryNow({ id: task.id })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(caller.tasks.retryNow({ id: 987_654 })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("counts tasks per status", async () => {
    const stats = await caller.tasks.stats();
    const listed = await caller.tasks.list({ filter: { status: "CANCELED" }, limit: 100 });
    expect(stats.CANCELED).toBe(listed.items.length);
    expect(Object.keys(stats).sort()).toEqual(["CANCELED", "COMPLETED", "FAILED", "PENDING", "PROCESSING"]);
    expect(stats.PENDING).toBeGreaterThan(2_000);
  });

  it("answers SERVICE_UNAVAILABLE with a clear message when the database is down", async () => {
    const { createDb } = await import("@tps/db");
    const { createTaskRepository } = await import("@tps/infra");
    const deadDb = createDb("postgresql://postgres@127.0.0.1:1/nowhere");
    const down = createCaller({ ...api().context, repo: createTaskRepository(deadDb) });
    await expect(down.tasks.list({})).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      message: "database is unavailable, try again shortly",
    });
    await deadDb.$disconnect();
  });

  it("still creates tasks when the broker is down (published later by the reconciler)", async () => {
    const { createAmqpPublisher } = await import("@tps/infra");
    const deadBroker = createAmqpPublisher("amqp://guest:guest@127.0.0.1:1", api().queue, api().log);
    const ports = { ...api().context, publisher: deadBroker };
    const offline = createCaller({ ...ports, intake: createTaskIntake(ports) });
    const task = await offline.tasks.create({ payload: "while broker is down" });
    expect(task).toMatchObject({ status: "PENDING", publishedAt: null });
    expect((await caller.tasks.get({ id: task.id })).publishedAt).toBeNull();
  });

  it("still cancels when Redis is down (the database decides)", async () => {
    const { createCancelBus } = await import("@tps/infra");
    const deadRedis = createCancelBus("redis://127.0.0.1:1", api().prefix, api().log);
    const offline = createCaller({ ...api().context, cancelSignal: deadRedis });
    const task = await caller.tasks.create({ payload: "x" });
    expect(await offline.tasks.cancel({ id: task.id })).toMatchObject({ status: "CANCELED" });
    await deadRedis.close();
  });
});
