import { type DeadLetterHarness, describeDeadLetterContract } from "@tps/core/testing";
import amqp, { type Channel, type ChannelModel } from "amqplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "./logger";
import { createAmqpDeadLetterQueue } from "./rabbitmq/dead-letter-queue";
import { assertTopology, DELIVERY_LIMIT, deleteTopology, queueNames } from "./rabbitmq/topology";
import { startHungProxy, TEST_RABBITMQ_URL, uniqueName, waitUntil } from "./testing";

/**
 * Invariant: the console's dead-letter actions never lose a message they were not asked to remove:
 * listing leaves every message in place, a redrive removes a dead copy only after the broker
 * confirmed it on the work queue, and a purge removes only the selected ones.
 */
const queue = uniqueName("tq_dlq");
const names = queueNames(queue);
const log = createLogger("test", "silent");
let connection: ChannelModel;
let channel: Channel;
let harness: DeadLetterHarness;

const deadCount = async () => (await channel.checkQueue(names.deadLetterQueue)).messageCount;

/** Waits for a message on the work queue and takes it, unacknowledged (like a consumer). */
async function nextOnWorkQueue(what: string): Promise<amqp.GetMessage> {
  let message: amqp.GetMessage | false = false;
  await waitUntil(
    what,
    5_000,
    async () => {
      message = await channel.get(queue, { noAck: false });
      return message !== false;
    },
    20,
  );
  return message as unknown as amqp.GetMessage;
}

/** Publishes to the work queue and rejects it from there, as the consumer does with a bad message. */
async function kill(body: string, messageId?: string) {
  const before = await deadCount();
  channel.sendToQueue(queue, Buffer.from(body), { persistent: true, messageId });
  channel.nack(await nextOnWorkQueue("the message on the work queue"), false, false);
  await waitUntil(
    "the message in the dead-letter queue",
    5_000,
    async () => (await deadCount()) > before,
    20,
  );
}

beforeAll(async () => {
  connection = await amqp.connect(TEST_RABBITMQ_URL);
  await assertTopology(connection, queue);
  channel = await connection.createChannel();
  const dlq = createAmqpDeadLetterQueue(TEST_RABBITMQ_URL, queue, log);
  harness = {
    queue: dlq,
    kill,
    async takeRedriven() {
      const bodies: string[] = [];
      for (;;) {
        const message = await channel.get(queue, { noAck: true });
        if (message === false) return bodies;
        bodies.push(message.content.toString());
      }
    },
    async reset() {
      await channel.purgeQueue(queue);
      await channel.purgeQueue(names.deadLetterQueue);
    },
  };
});

afterAll(async () => {
  await deleteTopology(await connection.createChannel(), queue).catch(() => {});
  await connection.close();
});

describeDeadLetterContract("RabbitMQ", () => harness);

describe("RabbitMQ dead letters", () => {
  it("reads the delivery limit as the reason for a message the broker gave up on", async () => {
    await harness.reset();
    channel.sendToQueue(queue, Buffer.from('{"task_id":5}'), { persistent: true, messageId: "limit-1" });
    for (let i = 0; i <= DELIVERY_LIMIT; i++) {
      channel.nack(await nextOnWorkQueue("the message back on the work queue"), false, true);
    }
    await waitUntil("the message in the dead-letter queue", 5_000, async () => (await deadCount()) === 1, 20);
    const [letter] = (await harness.queue.list(10)).items;
    expect(letter).toMatchObject({ key: "limit-1", taskId: 5, reason: "delivery_limit", deathCount: 1 });
  });

  it("redrives with the message id and death history: dying again counts 2 under the same key", async () => {
    await harness.reset();
    await kill('{"task_id":6}');
    const [first] = (await harness.queue.list(10)).items;
    await harness.queue.redrive({ keys: [first!.key] }, async () => new Set());
    const message = await channel.get(queue, { noAck: false });
    if (message === false) throw new Error("the redriven message is not on the work queue");
    channel.nack(message, false, false);
    await waitUntil("the message dead again", 5_000, async () => (await deadCount()) === 1, 20);
    const [again] = (await harness.queue.list(10)).items;
    expect(again).toMatchObject({ key: first!.key, taskId: 6, reason: "rejected", deathCount: 2 });
  });

  it("redrives all in confirmed batches, only what was there when it started", async () => {
    await harness.reset();
    const publisher = await connection.createConfirmChannel();
    for (let i = 0; i < 250; i++) publisher.sendToQueue(names.deadLetterQueue, Buffer.from(`bulk-${i}`));
    await publisher.waitForConfirms();
    await publisher.close();
    const result = await harness.queue.redrive({ all: true }, async () => new Set());
    expect(result).toEqual({ redriven: 250, dropped: 0, missing: 0 });
    expect((await channel.checkQueue(queue)).messageCount).toBe(250);
    expect(await deadCount()).toBe(0);
  });

  it("answers UNAVAILABLE within its timeouts when the broker cannot be reached", async () => {
    const down = createAmqpDeadLetterQueue("amqp://guest:guest@127.0.0.1:1", queue, log, {
      callTimeoutMs: 500,
    });
    const started = Date.now();
    await expect(down.list(10)).rejects.toMatchObject({ code: "UNAVAILABLE", dependency: "broker" });
    await expect(down.purge({ all: true })).rejects.toMatchObject({ code: "UNAVAILABLE" });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("answers UNAVAILABLE within its timeouts when the broker hangs, and takes nothing", async () => {
    const proxy = await startHungProxy({ host: "127.0.0.1", port: 5672 });
    try {
      const url = `amqp://guest:guest@127.0.0.1:${proxy.port}`;
      const dlq = createAmqpDeadLetterQueue(url, queue, log, {
        callTimeoutMs: 500,
        operationTimeoutMs: 2_000,
      });
      await harness.reset();
      await kill("hung-broker");
      expect((await dlq.list(10)).depth).toBe(1);
      proxy.freeze();
      const started = Date.now();
      await expect(dlq.list(10)).rejects.toMatchObject({ code: "UNAVAILABLE" });
      await expect(dlq.redrive({ all: true }, async () => new Set())).rejects.toMatchObject({
        code: "UNAVAILABLE",
      });
      expect(Date.now() - started).toBeLessThan(4_000);
      // Nothing was lost or taken: the message is still there for the real broker's clients.
      expect(await deadCount()).toBe(1);
    } finally {
      await proxy.close();
    }
  });
});
