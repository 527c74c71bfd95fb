import { decodeTaskMessage, type Log } from "@tps/core";
import { assertTopology } from "@tps/infra";
import amqp, { type Channel, type ChannelModel, type ConsumeMessage } from "amqplib";
import type { Delivery } from "./worker";

export interface AmqpConsumerOptions {
  url: string;
  queue: string;
  prefetch: number;
  log: Log;
  onDelivery(delivery: Delivery): void;
}

/**
 * Consumes the task queue with manual acks and a prefetch window (the in-flight cap). amqplib's
 * recovery reconnects after a broker outage and `setup` re-declares the topology and the consumer.
 * Deliveries from a channel that died cannot be acked any more; the broker redelivers them, which
 * is harmless because claims are conditional.
 */
export async function startAmqpConsumer(options: AmqpConsumerOptions) {
  const { queue, log } = options;
  let current: { channel: Channel; consumerTag: string } | null = null;
  let stopped = false;

  const connection = await amqp.connect(options.url, {
    timeout: 3_000,
    recovery: {
      initialMaxRetries: 0,
      maxRetries: Number.POSITIVE_INFINITY,
      initialDelay: 200,
      maxDelay: 5_000,
      async setup(model: ChannelModel) {
        const channel = await model.createChannel();
        channel.on("error", (err: Error) => log.warn({ err: err.message }, "rabbitmq channel error"));
        await channel.prefetch(options.prefetch);
        await assertTopology(channel, queue);
        if (stopped) return;
        const { consumerTag } = await channel.consume(
          queue,
          (msg: ConsumeMessage | null) => msg && options.onDelivery(toDelivery(channel, msg)),
        );
        current = { channel, consumerTag };
      },
    },
  });
  connection.on("error", () => {});
  connection.on("disconnect", (err: Error) => {
    current = null;
    log.warn({ err: err?.message }, "rabbitmq disconnected; reconnecting");
  });
  connection.on("connect", () => log.info({ queue }, "rabbitmq connected"));

  const settle = (channel: Channel, act: () => void) => {
    if (current?.channel !== channel) return; // channel gone: the broker will redeliver
    try {
      act();
    } catch {
      // Channel closed under us: same as above.
    }
  };

  function toDelivery(channel: Channel, msg: ConsumeMessage): Delivery {
    return {
      taskId: decodeTaskMessage(msg.content),
      headers: msg.properties.headers,
      ack: () => settle(channel, () => channel.ack(msg)),
      requeue: () => settle(channel, () => channel.nack(msg, false, true)),
      deadLetter: () => settle(channel, () => channel.nack(msg, false, false)),
    };
  }

  return {
    connected: () => current !== null,
    /** Messages ready in the queue, or null while disconnected. */
    async depth(): Promise<number | null> {
      if (!current) return null;
      try {
        return (await current.channel.checkQueue(queue)).messageCount;
      } catch {
        return null;
      }
    },
    /** Stops new deliveries; unacked ones can still be acked until close(). */
    async stopConsuming() {
      stopped = true;
      if (current) await current.channel.cancel(current.consumerTag).catch(() => {});
    },
    async close() {
      stopped = true;
      current = null;
      await connection.close().catch(() => {});
    },
  };
}

export type AmqpConsumer = Awaited<ReturnType<typeof startAmqpConsumer>>;
