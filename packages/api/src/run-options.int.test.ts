import { TEST_RABBITMQ_URL } from "@tps/infra/testing";
import amqp from "amqplib";
import { describe, expect, it } from "vitest";
import { useTestCaller } from "./api-test-helpers";

describe("create options through tRPC: delays, expiry, priority", () => {
  const { api, caller } = useTestCaller();

  /** Messages in the type's queue; 0 while nothing was ever sent (the publisher declares it). */
  const queued = async () => {
    const connection = await amqp.connect(TEST_RABBITMQ_URL);
    try {
      const channel = await connection.createChannel();
      channel.on("error", () => {});
      return await channel.checkQueue(api().queue).then(
        (q) => q.messageCount,
        () => 0,
      );
    } finally {
      await connection.close().catch(() => {});
    }
  };

  it("stores a delayed task PENDING and unpublished, with its run time, expiry and priority, and sends nothing", async () => {
    const before = Date.now();
    const task = await caller.tasks.create({
      payload: "in a minute",
      delayMs: 60_000,
      ttlMs: 5_000,
      priority: 3,
    });
    expect(task).toMatchObject({ status: "PENDING", publishedAt: null, priority: 3, expired: false });
    const runAt = Date.parse(task.nextAttemptAt!);
    expect(runAt).toBeGreaterThanOrEqual(before + 60_000);
    expect(runAt).toBeLessThan(Date.now() + 60_000);
    expect(Date.parse(task.expiresAt!)).toBe(runAt + 5_000);
    expect((await caller.tasks.events({ id: task.id })).map((e) => e.type)).toEqual(["created"]);
    expect(await queued()).toBe(0);
    expect(await caller.tasks.get({ id: task.id })).toMatchObject({ publishedAt: null, priority: 3 });
  });

  it("takes runAt on createMany items; a past runAt runs now and is sent", async () => {
    const runAt = new Date(Date.now() + 3_600_000).toISOString();
    const { items } = await caller.tasks.createMany({
      items: [
        { payload: "at a time", runAt },
        { payload: "at a past time", runAt: "2020-01-01T00:00:00Z", priority: 0 },
      ],
    });
    expect(items[0]).toMatchObject({ nextAttemptAt: runAt, publishedAt: null, expiresAt: null });
    expect(items[1]!.publishedAt).not.toBeNull();
    expect(await queued()).toBe(1);
  });

  it("refuses bad options with a 400 naming the field", async () => {
    const refusal = (input: object) =>
      caller.tasks.create({ payload: "bad", ...input } as never).then(
        () => null,
        (error: { code?: string; message: string }) => ({ code: error.code, message: error.message }),
      );
    expect(await refusal({ runAt: new Date().toISOString(), delayMs: 1 })).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("give either runAt or delayMs"),
    });
    expect(await refusal({ priority: 10 })).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("priority must be from 0 to 9"),
    });
    expect(await refusal({ ttlMs: 10 })).toMatchObject({ code: "BAD_REQUEST" });
    expect(await refusal({ delayMs: 31_536_000_001 })).toMatchObject({ code: "BAD_REQUEST" });
    expect(await refusal({ runAt: new Date(Date.now() + 400 * 86_400_000).toISOString() })).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("at most one year ahead"),
    });
  });

  it("retry now starts a delayed task at once; cancel ends another", async () => {
    const later = await caller.tasks.create({ payload: "retry me", delayMs: 600_000 });
    const dropped = await caller.tasks.create({ payload: "cancel me", delayMs: 600_000 });
    const now = await caller.tasks.retryNow({ id: later.id });
    expect(now.publishedAt).not.toBeNull();
    expect(Date.parse(now.nextAttemptAt!)).toBeLessThanOrEqual(Date.now());
    expect(await caller.tasks.cancel({ id: dropped.id })).toMatchObject({
      status: "CANCELED",
      expired: false,
    });
  });

  it("replays an idempotency key of a delayed task without sending it", async () => {
    const input = { payload: "once, later", delayMs: 600_000, idempotencyKey: "delayed-key" };
    const first = await caller.tasks.create(input);
    const again = await caller.tasks.create(input);
    expect(again).toMatchObject({ id: first.id, replayed: true, publishedAt: null });
  });
});
