import { assertTopology, deleteTopology, laneOf, queueNames } from "@tps/infra";
import amqp from "amqplib";

/** Direct access to the scenario's queues on the real broker (never through a fault proxy). */
export function brokerOf(url: string, queue: string) {
  const withChannel = async <T>(fn: (channel: amqp.Channel, connection: amqp.ChannelModel) => Promise<T>) => {
    const connection = await amqp.connect(url);
    try {
      return await fn(await connection.createChannel(), connection);
    } finally {
      await connection.close().catch(() => {});
    }
  };
  return {
    /** Deletes the task queue (not its dead-letter queue), as an operator's mistake would. */
    deleteQueue: () => withChannel((ch) => ch.deleteQueue(queue).then(() => undefined)),
    redeclare: () =>
      withChannel((_ch, connection) => assertTopology(connection, queue).then(() => undefined)),
    /** Messages waiting in the task queue and its priority lane. */
    depth: () =>
      withChannel(
        async (ch) =>
          (await ch.checkQueue(queue)).messageCount + (await ch.checkQueue(laneOf(queue))).messageCount,
      ),
    /** Publishes raw bodies straight to the task queue (persistent), as a misbehaving producer would. */
    publishRaw: (bodies: readonly Buffer[]) =>
      withChannel(async (_ch, connection) => {
        const confirm = await connection.createConfirmChannel();
        for (const body of bodies) confirm.sendToQueue(queue, body, { persistent: true });
        await confirm.waitForConfirms();
      }),
    /** Every body in the dead-letter queue (read, then requeued when the connection closes). */
    deadLetters: () =>
      withChannel(async (ch) => {
        const bodies: string[] = [];
        const dead = queueNames(queue).deadLetterQueue;
        for (;;) {
          const msg = await ch.get(dead, { noAck: false });
          if (!msg) break;
          bodies.push(msg.content.toString("utf8"));
        }
        return bodies;
      }),
    /** Deletes the queues, the typed test type's (`test.echo`) with them. */
    deleteAll: () => withChannel((ch) => deleteTopology(ch, queue, ["test.echo"])),
  };
}

export type Broker = ReturnType<typeof brokerOf>;
