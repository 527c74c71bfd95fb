import amqp, { type Channel, type ChannelModel } from "amqplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "./logger";
import { createAmqpPublisher } from "./rabbitmq/publisher";
import { assertTopology, deleteTopology, laneOf, queueForType, queueNames } from "./rabbitmq/topology";
import { TEST_RABBITMQ_URL, uniqueName } from "./testing";
import { pollGet } from "./testing/poll-get";

/**
 * Invariant: priority 0 (or none) goes to a type's quorum queue as before; priority 1-9 goes to the
 * type's classic lane `<type queue>.priority`, which hands out the highest priority first and
 * dead-letters into the same `.dead` queue.
 */
describe("RabbitMQ priority lane", () => {
  let connection: ChannelModel;
  let channel: Channel;
  const log = createLogger("test", "silent");
  const base = uniqueName("tq_lane");
  const type = "lane.test";
  const typeQueue = queueForType(base, type);

  beforeAll(async () => {
    connection = await amqp.connect(TEST_RABBITMQ_URL);
    channel = await connection.createChannel();
  });
  afterAll(async () => {
    await deleteTopology(await connection.createChannel(), base, [
      type,
      "lane.clash",
      "lane.clash.priority",
    ]).catch(() => {});
    await connection.close();
  });

  it("declares the lane idempotently, for the base queue and a type queue", async () => {
    expect(await assertTopology(connection, base)).toEqual({ queue: base, drain: [], lane: laneOf(base) });
    expect(await assertTopology(connection, typeQueue, base)).toEqual({
      queue: typeQueue,
      drain: [],
      lane: `${typeQueue}.priority`,
    });
    // Again: the same arguments, so no PRECONDITION_FAILED.
    expect((await assertTopology(connection, typeQueue, base)).lane).toBe(`${typeQueue}.priority`);
    expect((await channel.checkQueue(`${typeQueue}.priority`)).messageCount).toBe(0);
  });

  it("sends priority 0 to the type's queue and 1-9 to its lane, highest first", async () => {
    const publisher = createAmqpPublisher(TEST_RABBITMQ_URL, base, log);
    const priorities = [3, 9, 1, 7, 5, 2, 8, 4, 6, 9, 1];
    await publisher.publish([
      { id: 100, type },
      { id: 101, type, priority: 0 },
      ...priorities.map((priority, i) => ({ id: 200 + i, type, priority })),
    ]);
    await publisher.close();

    const lane = `${typeQueue}.priority`;
    const got: { id: number; priority: number | undefined }[] = [];
    for (let i = 0; i < priorities.length; i++) {
      const message = await pollGet(channel, lane);
      got.push({ id: JSON.parse(message.content.toString()).task_id, priority: message.properties.priority });
      channel.ack(message);
    }
    expect(got.map((m) => m.priority)).toEqual([...priorities].sort((a, b) => b - a));
    // Equal priorities keep their publish order.
    expect(got.filter((m) => m.priority === 9).map((m) => m.id)).toEqual([201, 209]);
    expect(await channel.get(lane)).toBe(false);

    const plain = [await pollGet(channel, typeQueue), await pollGet(channel, typeQueue)];
    expect(plain.map((m) => JSON.parse(m.content.toString()).task_id)).toEqual([100, 101]);
    expect(plain.map((m) => m.properties.priority)).toEqual([undefined, undefined]);
    for (const m of plain) channel.ack(m);
  });

  it("dead-letters a rejected lane message into the base queue's dead-letter queue", async () => {
    const publisher = createAmqpPublisher(TEST_RABBITMQ_URL, base, log);
    await publisher.publish([{ id: 300, type, priority: 4 }]);
    await publisher.close();
    const message = await pollGet(channel, `${typeQueue}.priority`);
    channel.nack(message, false, false);
    const dead = await pollGet(channel, queueNames(base).deadLetterQueue);
    expect(JSON.parse(dead.content.toString())).toEqual({ task_id: 300 });
    expect(dead.properties.headers?.["x-first-death-queue"]).toBe(`${typeQueue}.priority`);
    channel.ack(dead);
  });

  it("counts the lane in the publisher's queue depth (the console's probe)", async () => {
    const publisher = createAmqpPublisher(TEST_RABBITMQ_URL, base, log);
    await publisher.publish([
      { id: 400, type: "sleep", priority: 2 },
      { id: 401, type: "sleep", priority: 2 },
      { id: 402, type: "sleep" },
    ]);
    // A quorum queue reports its depth a moment later.
    await expect.poll(() => publisher.depth()).toBe(3);
    await publisher.close();
    await channel.purgeQueue(base);
    await channel.purgeQueue(laneOf(base));
  });

  it("refuses, naming it, a lane whose name a queue of another kind took", async () => {
    // A type named "<type>.priority" has the quorum queue that would be the lane of "<type>".
    await assertTopology(connection, queueForType(base, "lane.clash.priority"), base);
    await expect(assertTopology(connection, queueForType(base, "lane.clash"), base)).rejects.toThrow(
      /lane\.clash\.priority exists and is not a priority lane/,
    );
  });
});
