import { encodeTaskMessage, type Log, type QueueProbe, type TaskPublisher } from "@tps/core";
import amqp, { type ChannelModel, type ConfirmChannel } from "amqplib";
import { traceHeaders } from "../telemetry/trace-context";
import { assertTopology } from "./topology";

/** Resolves on the first of the given events. */
function once(emitter: ConfirmChannel, ...events: string[]): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      for (const e of events) emitter.off(e, done);
      resolve();
    };
    for (const e of events) emitter.once(e, done);
  });
}

export interface AmqpPublisher extends TaskPublisher, QueueProbe {
  /** True while a connection is open (for health checks); connects if needed. */
  check(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Publishes persistent task messages on a confirm channel and resolves once the broker confirmed
 * each one. It connects lazily and fails fast when the broker is down (callers keep the task
 * unpublished for the reconciler), then reconnects on the next publish.
 */
export function createAmqpPublisher(url: string, queue: string, log: Log): AmqpPublisher {
  let opening: Promise<{ connection: ChannelModel; channel: ConfirmChannel }> | null = null;

  const open = () => {
    opening ??= (async () => {
      const connection = await amqp.connect(url, { timeout: 3_000 });
      try {
        const channel = await connection.createConfirmChannel();
        await assertTopology(channel, queue);
        const reset = (reason: string) => (err?: Error) => {
          if (opening) log.warn({ err }, `rabbitmq publisher ${reason}; will reconnect on next publish`);
          opening = null;
        };
        connection.on("error", () => {});
        connection.on("close", reset("connection closed"));
        channel.on("error", () => {});
        channel.on("close", () => {
          reset("channel closed")();
          connection.close().catch(() => {});
        });
        return { connection, channel };
      } catch (error) {
        await connection.close().catch(() => {});
        throw error;
      }
    })();
    opening.catch(() => {
      opening = null;
    });
    return opening;
  };

  return {
    async publish(ids) {
      if (ids.length === 0) return;
      const { channel } = await open();
      const confirms: Promise<void>[] = [];
      for (const id of ids) {
        let written = true;
        confirms.push(
          new Promise<void>((resolve, reject) => {
            written = channel.sendToQueue(
              queue,
              encodeTaskMessage(id),
              { persistent: true, contentType: "application/json", headers: traceHeaders() },
              (err) => (err ? reject(new Error(`broker did not confirm task ${id}`)) : resolve()),
            );
          }),
        );
        // Honour backpressure: wait until the socket buffer drains (or the channel dies).
        if (!written) await once(channel, "drain", "close");
      }
      await Promise.all(confirms);
    },
    async depth() {
      try {
        const { channel } = await open();
        return (await channel.checkQueue(queue)).messageCount;
      } catch {
        return null;
      }
    },
    async check() {
      try {
        await open();
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      const current = opening;
      opening = null;
      if (!current) return;
      const { connection } = await current.catch(() => ({ connection: null }));
      await connection?.close().catch(() => {});
    },
  };
}
