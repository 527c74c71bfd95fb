import type { Log } from "@tps/core";
import { assertTopology, queueNames } from "@tps/infra";
import amqp, { type Channel, type ChannelModel, type ConsumeMessage } from "amqplib";
import { type Answerer, channelAnswerer, toDelivery } from "./amqp-delivery";
import type { Delivery } from "./delivery";

export interface AmqpConsumerOptions {
  url: string;
  queue: string;
  /** The queue whose dead-letter exchange and queue this one uses (a type queue: its base queue). */
  deadLetterOf?: string;
  prefetch: number;
  log: Log;
  /** `headers`: the message's headers (the publisher's trace context travels in `traceparent`). */
  onDelivery(delivery: Delivery, headers: Record<string, unknown> | undefined): void;
  /** While true, the queue is not subscribed to (processing paused): see `sync()`. */
  paused?(): boolean;
}

/**
 * Consumes the task queue and its priority lane (see @tps/infra's laneOf) on one channel, with
 * manual acks and a prefetch window each (the in-flight cap). amqplib's
 * recovery reconnects after a broker outage and `setup` re-declares the topology and the consumer.
 * A channel that dies on its own (queue deleted or redeclared: basic.cancel, a null delivery;
 * consumer_timeout or a channel error: close) is reopened on the same connection, with backoff,
 * topology re-asserted. Deliveries from a channel that died cannot be acked any more; the broker
 * redelivers them, which is harmless because claims are conditional.
 */
export async function startAmqpConsumer(options: AmqpConsumerOptions) {
  const { queue, log } = options;
  let current: {
    channel: Channel;
    answerer: Answerer;
    consumerTags: string[];
    queue: string;
    lane: string;
    sources: string[];
  } | null = null;
  /** The live connection's model (null while reconnecting): channels are reopened only on it. */
  let model: ChannelModel | null = null;
  let stopped = false;
  let reopenTimer: NodeJS.Timeout | null = null;

  async function openChannel(on: ChannelModel) {
    // The work queue, and any older queue still to drain (a classic queue before the quorum one).
    const topology = await assertTopology(on, queue, options.deadLetterOf);
    const channel = await on.createChannel();
    channel.on("error", (err: Error) => log.warn({ err: err.message }, "rabbitmq channel error"));
    channel.on("close", () => lose(channel, "channel closed"));
    try {
      // Per consumer (RabbitMQ's reading of a non-global basic.qos): the lane has a window of its
      // own, so a priority task is delivered at once however full the queue's window is. With
      // priority tasks in flight a type may so run up to twice its prefetch in this process.
      await channel.prefetch(options.prefetch);
      if (stopped) return;
      const sources = [topology.queue, topology.lane, ...topology.drain];
      // One answerer per channel: a multiple ack covers every earlier delivery on the channel.
      const answerer = channelAnswerer(channel, () => current?.channel === channel);
      const consumerTags = options.paused?.() ? [] : await subscribe(channel, answerer, sources);
      if (topology.drain.length > 0)
        log.info({ queue: topology.queue, drain: topology.drain }, "also draining older queues");
      current = { channel, answerer, consumerTags, queue: topology.queue, lane: topology.lane, sources };
    } catch (error) {
      await channel.close().catch(() => {});
      throw error;
    }
  }

  async function subscribe(channel: Channel, answerer: Answerer, sources: string[]) {
    const consumerTags: string[] = [];
    for (const source of sources) {
      const { consumerTag } = await channel.consume(source, (msg: ConsumeMessage | null) => {
        if (msg) options.onDelivery(toDelivery(msg, answerer), msg.properties.headers);
        else if (!stopped) lose(channel, `consumer of ${source} cancelled by the broker (queue deleted?)`);
      });
      consumerTags.push(consumerTag);
    }
    return consumerTags;
  }

  let syncing: Promise<void> = Promise.resolve();
  /**
   * Subscribes or unsubscribes (basic.cancel) the channel to match `paused()`. Unsubscribed, the
   * broker keeps the messages in the queue; deliveries already here can still be acked. Calls run
   * one after the other, and a call with nothing to change costs nothing.
   */
  function sync(): Promise<void> {
    syncing = syncing.then(async () => {
      const on = current;
      if (!on || stopped) return;
      const paused = options.paused?.() ?? false;
      try {
        if (paused && on.consumerTags.length > 0) {
          const tags = on.consumerTags;
          on.consumerTags = [];
          for (const tag of tags) await on.channel.cancel(tag);
          log.info({ queue }, "processing paused: unsubscribed from the queue");
        } else if (!paused && on.consumerTags.length === 0) {
          on.consumerTags = await subscribe(on.channel, on.answerer, on.sources);
          log.info({ queue }, "processing resumed: subscribed to the queue again");
        }
      } catch (err) {
        // The channel is failing: its close handler reopens it, subscribed or not per `paused()`.
        log.warn({ err: (err as Error).message }, "could not change the queue subscription");
      }
    });
    return syncing;
  }

  /** The consuming channel is gone: say so (health), and open another one. */
  function lose(channel: Channel, reason: string) {
    if (current?.channel !== channel) return;
    current = null;
    log.warn({ queue, reason }, "rabbitmq consumer lost; reopening the channel");
    channel.close().catch(() => {});
    scheduleReopen(1);
  }

  function scheduleReopen(attempt: number) {
    const on = model;
    if (stopped || !on || reopenTimer) return;
    reopenTimer = setTimeout(
      () => {
        reopenTimer = null;
        if (stopped || model !== on || current) return;
        openChannel(on).then(
          () => log.info({ queue }, "rabbitmq consumer resumed"),
          (err: unknown) => {
            log.warn({ err: (err as Error).message, attempt }, "reopening the rabbitmq channel failed");
            scheduleReopen(attempt + 1);
          },
        );
      },
      Math.min(5_000, 200 * 2 ** (attempt - 1)),
    );
  }

  const connection = await amqp.connect(options.url, {
    timeout: 3_000,
    recovery: {
      initialMaxRetries: 0,
      maxRetries: Number.POSITIVE_INFINITY,
      initialDelay: 200,
      maxDelay: 5_000,
      async setup(next: ChannelModel) {
        model = next;
        await openChannel(next);
      },
    },
  });
  connection.on("error", () => {});
  connection.on("disconnect", (err: Error) => {
    current = null;
    model = null;
    log.warn({ err: err?.message }, "rabbitmq disconnected; reconnecting");
  });
  connection.on("connect", () => log.info({ queue }, "rabbitmq connected"));

  return {
    /** True while a channel is open on the task queue (subscribed, or paused on purpose). */
    consuming: () => current !== null,
    /** True while the channel is subscribed to the queue (not paused). */
    subscribed: () => (current?.consumerTags.length ?? 0) > 0,
    sync,
    /** Messages ready in the queue and its priority lane, or null while disconnected. */
    async depth(): Promise<number | null> {
      if (!current) return null;
      const { channel, queue, lane } = current;
      try {
        const [plain, priority] = await Promise.all([channel.checkQueue(queue), channel.checkQueue(lane)]);
        return plain.messageCount + priority.messageCount;
      } catch {
        return null;
      }
    },
    /** Messages in the dead-letter queue, or null while disconnected. */
    async deadLetterDepth(): Promise<number | null> {
      if (!current) return null;
      try {
        return (await current.channel.checkQueue(queueNames(options.deadLetterOf ?? queue).deadLetterQueue))
          .messageCount;
      } catch {
        return null;
      }
    },
    /** Stops new deliveries; unacked ones can still be acked until close(). */
    async stopConsuming() {
      stopped = true;
      for (const tag of current?.consumerTags ?? []) await current?.channel.cancel(tag).catch(() => {});
    },
    async close() {
      stopped = true;
      current?.answerer.flush();
      current = null;
      if (reopenTimer) clearTimeout(reopenTimer);
      await connection.close().catch(() => {});
    },
  };
}

export type AmqpConsumer = Awaited<ReturnType<typeof startAmqpConsumer>>;
