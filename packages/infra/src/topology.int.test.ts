import amqp, { type ChannelModel } from "amqplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "./logger";
import { createAmqpPublisher } from "./rabbitmq/publisher";
import { assertTopology, DELIVERY_LIMIT, deleteTopology, queueNames } from "./rabbitmq/topology";
import { TEST_RABBITMQ_URL, uniqueName } from "./testing";
import { pollGet } from "./testing/poll-get";

/**
 * Invariant: the task queue is a quorum queue whose delivery limit dead-letters a message that keeps
 * coming back; an existing classic queue of the same name (an earlier release) is migrated without
 * losing its messages.
 */
describe("RabbitMQ topology", () => {
  let connection: ChannelModel;
  const queues: string[] = [];
  const log = createLogger("test", "silent");

  beforeAll(async () => {
    connection = await amqp.connect(TEST_RABBITMQ_URL);
  });
  afterAll(async () => {
    for (const queue of queues) await deleteTopology(await connection.createChannel(), queue).catch(() => {});
    await connection.close();
  });

  it("dead-letters a message requeued more often than the delivery limit", async () => {
    const queue = uniqueName("tq_topo");
    queues.push(queue);
    expect(await assertTopology(connection, queue)).toEqual({ queue, drain: [], lane: `${queue}.priority` });
    const channel = await connection.createChannel();
    channel.sendToQueue(queue, Buffer.from(JSON.stringify({ task_id: 1 })), { persistent: true });
    for (let i = 0; i <= DELIVERY_LIMIT; i++) {
      const message = await pollGet(channel, queue);
      channel.nack(message, false, true);
    }
    await expect
      .poll(async () => (await channel.checkQueue(queueNames(queue).deadLetterQueue)).messageCount)
      .toBe(1);
    expect((await channel.checkQueue(queue)).messageCount).toBe(0);
    await channel.close();
  });

  it("moves to <queue>.q when a classic queue of the name exists, and still drains the old one", async () => {
    const queue = uniqueName("tq_topo");
    queues.push(queue);
    const names = queueNames(queue);
    const old = await connection.createChannel();
    // The topology of the previous release: a classic queue with the dead-letter exchange.
    await old.assertExchange(names.deadLetterExchange, "fanout", { durable: true });
    await old.assertQueue(queue, {
      durable: true,
      arguments: { "x-dead-letter-exchange": names.deadLetterExchange },
    });
    old.sendToQueue(queue, Buffer.from(JSON.stringify({ task_id: 7 })), { persistent: true });
    await old.close();

    const topology = await assertTopology(connection, queue);
    expect(topology).toEqual({ queue: names.quorumQueue, drain: [queue], lane: `${queue}.priority` });
    const publisher = createAmqpPublisher(TEST_RABBITMQ_URL, queue, log);
    await publisher.publish([{ id: 8, type: "sleep" }]);
    await publisher.close();

    const channel = await connection.createChannel();
    // A quorum queue reports its depth a moment later.
    await expect.poll(async () => (await channel.checkQueue(names.quorumQueue)).messageCount).toBe(1);
    expect((await channel.checkQueue(queue)).messageCount).toBe(1); // nothing lost; consumers drain it
    await channel.close();
  });

  it("refuses a same-named queue that is not the earlier classic one (it is not ours to migrate)", async () => {
    const queue = uniqueName("tq_topo");
    queues.push(queue);
    const other = await connection.createChannel();
    await other.assertQueue(queue, { durable: false });
    await other.close();
    await expect(assertTopology(connection, queue)).rejects.toThrow(/PRECONDITION_FAILED/);
  });
});
