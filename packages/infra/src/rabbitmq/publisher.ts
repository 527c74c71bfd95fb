import { randomUUID } from "node:crypto";
import {
  decodeTaskMessage,
  encodeTaskMessage,
  type Log,
  type QueueProbe,
  SLEEP_TYPE,
  type TaskPublisher,
  type TaskRef,
} from "@tps/core";
import amqp, { type ChannelModel, type ConfirmChannel, type Options } from "amqplib";
import { traceHeaders } from "../telemetry/trace-context";
import { assertTopology, MAX_PRIORITY, queueForType } from "./topology";

/** Where a type's tasks go: priority 0 to its queue, priority 1-9 to its lane (see laneOf). */
interface Target {
  plain: string;
  lane: string;
}

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

export interface AmqpPublisherOptions {
  /** A publish not confirmed within this long fails (default 5 s); its tasks stay to the reconciler. */
  confirmTimeoutMs?: number;
}

/**
 * Publishes persistent task messages on a confirm channel and resolves once the broker confirmed
 * each one. It connects lazily and fails fast when the broker is down or hangs (callers keep the
 * task unpublished for the reconciler), then reconnects on the next publish.
 */
export function createAmqpPublisher(
  url: string,
  queue: string,
  log: Log,
  { confirmTimeoutMs = 5_000 }: AmqpPublisherOptions = {},
): AmqpPublisher {
  let opening: Promise<{
    connection: ChannelModel;
    channel: ConfirmChannel;
    target: Target;
    returned: Set<number>;
    /** Each type's queue and lane, declared on first use on this connection (see queueForType). */
    typeTargets: Map<string, Promise<Target>>;
  }> | null = null;

  const open = () => {
    opening ??= (async () => {
      const connection = await amqp.connect(url, { timeout: 3_000 });
      try {
        // Where tasks go now: `queue`, or `<queue>.q` while a classic queue of that name is drained.
        const { queue: plain, lane } = await assertTopology(connection, queue);
        const target: Target = { plain, lane };
        const channel = await connection.createConfirmChannel();
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
        const returned = new Set<number>();
        channel.on("return", (message: { content: Buffer }) => {
          const id = decodeTaskMessage(message.content);
          if (id !== null) returned.add(id);
        });
        return { connection, channel, target, returned, typeTargets: new Map<string, Promise<Target>>() };
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

  /** Drops the connection of a publish that timed out: the next publish starts a fresh one. */
  const abandon = (current: typeof opening) => {
    if (opening !== current) return;
    opening = null;
    void current
      ?.then(({ connection }) => {
        // A hung broker never answers the close handshake either: cut the socket after a second.
        const socket = (connection as unknown as { connection?: { stream?: { destroy(): void } } })
          .connection;
        setTimeout(() => socket?.stream?.destroy(), 1_000).unref();
        return connection.close();
      })
      .catch(() => {});
  };

  /**
   * The queues for `type` on this connection: the configured one for `sleep`, else the type's own,
   * declared (idempotently) before its first message, so a type whose workers have not started yet
   * still gets a durable queue where its tasks wait.
   */
  function targetOf(session: Awaited<NonNullable<typeof opening>>, type: string): Promise<Target> {
    if (type === SLEEP_TYPE) return Promise.resolve(session.target);
    let target = session.typeTargets.get(type);
    if (!target) {
      target = assertTopology(session.connection, queueForType(queue, type), queue).then((t) => ({
        plain: t.queue,
        lane: t.lane,
      }));
      target.catch(() => session.typeTargets.delete(type));
      session.typeTargets.set(type, target);
    }
    return target;
  }

  async function publishConfirmed(tasks: readonly TaskRef[]) {
    const session = await open();
    const { channel, returned } = session;
    // Each type's queue once, before the loop: the loop itself sends without waiting (as before types).
    const targets = new Map<string, Target>();
    for (const type of new Set(tasks.map((t) => t.type))) targets.set(type, await targetOf(session, type));
    const confirms: Promise<void>[] = [];
    for (const { id, type, priority } of tasks) {
      // Priority 0 (or none): the type's queue, exactly as before priorities. Else its lane.
      const lane = (priority ?? 0) > 0;
      const target = lane ? targets.get(type)!.lane : targets.get(type)!.plain;
      // mandatory: a message no queue took (the queue was deleted) comes back before its
      // confirm, and the publish fails instead of losing it silently.
      // A message id keys the message in the dead-letter queue, should it end up there.
      const properties: Options.Publish = {
        persistent: true,
        contentType: "application/json",
        mandatory: true,
        messageId: randomUUID(),
        headers: traceHeaders(),
      };
      if (lane) properties.priority = Math.min(priority!, MAX_PRIORITY);
      let written = true;
      confirms.push(
        new Promise<void>((resolve, reject) => {
          written = channel.sendToQueue(target, encodeTaskMessage(id), properties, (err) => {
            if (err) reject(new Error(`broker did not confirm task ${id}`));
            else if (returned.delete(id)) reject(new Error(`no queue took task ${id}: is ${target} gone?`));
            else resolve();
          });
        }),
      );
      // Honour backpressure: wait until the socket buffer drains (or the channel dies).
      if (!written) await once(channel, "drain", "close");
    }
    await Promise.all(confirms);
  }

  return {
    async publish(tasks) {
      if (tasks.length === 0) return;
      const current = open();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          current.then(() => publishConfirmed(tasks)),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => {
              abandon(current);
              reject(
                new Error(`broker did not confirm ${tasks.length} message(s) within ${confirmTimeoutMs} ms`),
              );
            }, confirmTimeoutMs);
          }),
        ]);
      } finally {
        clearTimeout(timer);
      }
    },
    /** Messages ready for the `sleep` type: its queue and its priority lane. */
    async depth() {
      try {
        const { channel, target } = await open();
        const [plain, lane] = await Promise.all([
          channel.checkQueue(target.plain),
          channel.checkQueue(target.lane),
        ]);
        return plain.messageCount + lane.messageCount;
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
