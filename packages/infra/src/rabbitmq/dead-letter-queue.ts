import {
  type DeadLetter,
  type DeadLetterQueue,
  type DeadLetterSelection,
  DependencyUnavailableError,
  type Log,
  MAX_DEAD_LETTERS_PER_CALL,
  TaskError,
} from "@tps/core";
import amqp, { type ChannelModel, type ConfirmChannel, type GetMessage } from "amqplib";
import { redriveHeaders, toDeadLetter } from "./dead-letter-message";
import { assertTopology, isTypeQueueOf, queueNames } from "./topology";

/**
 * The type queue a dead letter came from (RabbitMQ's `x-first-death-queue`), when it is one of
 * ours: a redriven message goes back to its own type's queue. Null for the base queue and others.
 */
function originOf(headers: Record<string, unknown> | undefined, base: string): string | null {
  const origin = headers?.["x-first-death-queue"];
  return typeof origin === "string" && isTypeQueueOf(base, origin) ? origin : null;
}

export interface AmqpDeadLetterOptions {
  /** Each broker call (connect, declare, get, publish confirm) fails after this long (default 3 s). */
  callTimeoutMs?: number;
  /** A whole list/redrive/purge fails after this long (default 20 s); held messages go back. */
  operationTimeoutMs?: number;
}

class Timeout extends Error {}

/** Redriven messages published before waiting for their confirms. */
const REDRIVE_BATCH = 100;

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Timeout(`${what} took over ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Cuts the socket of a connection that may be hung (a hung broker never answers close either). */
function destroy(model: ChannelModel) {
  const socket = (model as unknown as { connection?: { stream?: { destroy(): void } } }).connection;
  setTimeout(() => socket?.stream?.destroy(), 1_000).unref();
  model.close().catch(() => {});
}

interface Session {
  channel: ConfirmChannel;
  /** Where task messages go now (`<queue>` or `<queue>.q`, see assertTopology). */
  target: string;
  dead: string;
  call<T>(promise: Promise<T>, what: string): Promise<T>;
}

/**
 * The dead-letter queue `<queue>.dead` over AMQP. Each operation opens its own short-lived
 * connection and confirm channel (these are rare admin actions; nothing stays open between them)
 * and runs one at a time per process. Listing gets messages without ack and lets them go back by
 * closing the channel: the dead-letter queue is a classic queue, where returned messages keep their
 * place (a quorum queue would count a delivery and, on RabbitMQ 4, put them at the back). While an
 * operation holds messages, another process listing sees fewer of them.
 */
export function createAmqpDeadLetterQueue(
  url: string,
  queue: string,
  log: Log,
  { callTimeoutMs = 3_000, operationTimeoutMs = 20_000 }: AmqpDeadLetterOptions = {},
): DeadLetterQueue {
  const dead = queueNames(queue).deadLetterQueue;
  let tail: Promise<unknown> = Promise.resolve();

  async function open(): Promise<{ model: ChannelModel; session: Session }> {
    const call = <T>(promise: Promise<T>, what: string) => within(promise, callTimeoutMs, what);
    const model = await call(amqp.connect(url, { timeout: callTimeoutMs }), "connecting to the broker");
    model.on("error", () => {});
    try {
      const { queue: target } = await call(assertTopology(model, queue), "declaring the queues");
      const channel = await call(model.createConfirmChannel(), "opening a channel");
      channel.on("error", () => {});
      return { model, session: { channel, target, dead, call } };
    } catch (error) {
      destroy(model);
      throw error;
    }
  }

  /** Runs `work` on a fresh channel, after the previous operation, within the operation deadline. */
  function session<T>(what: string, work: (s: Session) => Promise<T>): Promise<T> {
    const run = async () => {
      let opened: { model: ChannelModel; session: Session } | undefined;
      let timer: NodeJS.Timeout | undefined;
      let over = false;
      try {
        return await Promise.race([
          (async () => {
            const session = await open();
            // Opened after the deadline: nobody will close it but us.
            if (over) destroy(session.model);
            else opened = session;
            return work(session.session);
          })(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => {
              over = true;
              reject(new Timeout(`${what} took over ${operationTimeoutMs} ms`));
            }, operationTimeoutMs);
          }),
        ]);
      } catch (error) {
        if (error instanceof TaskError) throw error;
        log.warn({ err: error, queue: dead }, `dead-letter ${what} failed`);
        throw new DependencyUnavailableError("broker", error);
      } finally {
        clearTimeout(timer);
        // Closing the channel returns every message still held unacked to the dead-letter queue.
        // It goes first and is awaited: its close frame follows our acks on the same channel,
        // whereas the connection's close could overtake them.
        if (opened) {
          const { model, session: s } = opened;
          await within(s.channel.close(), callTimeoutMs, "closing the channel").catch(() => {});
          await within(model.close(), callTimeoutMs, "closing").catch(() => destroy(model));
        }
      }
    };
    const result = tail.then(run, run);
    tail = result.catch(() => {});
    return result;
  }

  /** Gets up to `max` messages off the head without ack, stopping early once `enough` says so. */
  async function take(s: Session, max: number, enough: (got: GetMessage[]) => boolean = () => false) {
    const got: GetMessage[] = [];
    while (got.length < max && !enough(got)) {
      const message = await s.call(s.channel.get(s.dead, { noAck: false }), "getting a dead letter");
      if (message === false) break;
      got.push(message);
    }
    return got;
  }

  /** The held messages the selection names (all: only those in the queue when it was called). */
  async function select(s: Session, selection: DeadLetterSelection) {
    if ("all" in selection) {
      const { messageCount } = await s.call(s.channel.checkQueue(s.dead), "checking the dead-letter queue");
      const got = await take(s, Math.min(messageCount, MAX_DEAD_LETTERS_PER_CALL));
      return { chosen: got.map((m) => ({ message: m, letter: toDeadLetter(m) })), missing: 0 };
    }
    const keys = new Set(selection.keys);
    const found = new Set<string>();
    const chosen: { message: GetMessage; letter: DeadLetter }[] = [];
    await take(s, MAX_DEAD_LETTERS_PER_CALL, (got) => {
      const last = got.at(-1);
      if (last) {
        const letter = toDeadLetter(last);
        if (keys.has(letter.key)) {
          chosen.push({ message: last, letter });
          found.add(letter.key);
        }
      }
      return found.size === keys.size;
    });
    return { chosen, missing: keys.size - found.size };
  }

  /** Publishes one message to the work queue and waits for the broker's confirm. */
  function republish(s: Session, message: GetMessage): Promise<void> {
    const { properties } = message;
    return s.call(
      new Promise<void>((resolve, reject) => {
        s.channel.sendToQueue(
          originOf(properties.headers, queue) ?? s.target,
          message.content,
          {
            persistent: true,
            mandatory: true,
            contentType: properties.contentType,
            messageId: properties.messageId,
            headers: redriveHeaders(properties.headers),
          },
          (err) => (err ? reject(new Error("the broker did not confirm a redriven message")) : resolve()),
        );
      }),
      "confirming a redriven message",
    );
  }

  return {
    list(limit) {
      return session("list", async (s) => {
        const { messageCount } = await s.call(s.channel.checkQueue(s.dead), "checking the dead-letter queue");
        const got = await take(s, Math.min(limit, MAX_DEAD_LETTERS_PER_CALL));
        return { items: got.map(toDeadLetter), depth: messageCount };
      });
    },

    redrive(selection, drop) {
      return session("redrive", async (s) => {
        let returned = false;
        s.channel.on("return", () => {
          returned = true;
        });
        const { chosen, missing } = await select(s, selection);
        const dropKeys = chosen.length ? await drop(chosen.map((c) => c.letter)) : new Set<string>();
        const republished = chosen.filter(({ letter }) => !dropKeys.has(letter.key));
        for (const { message, letter } of chosen) if (dropKeys.has(letter.key)) s.channel.ack(message);
        // In batches: publish, wait for the broker's confirms, then ack the dead copies of those it
        // confirmed. A failure leaves the rest in the dead-letter queue; at worst a message is in
        // both queues (claims are conditional, so a duplicate is harmless).
        let redriven = 0;
        for (let i = 0; i < republished.length; i += REDRIVE_BATCH) {
          const batch = republished.slice(i, i + REDRIVE_BATCH);
          const confirms = await Promise.allSettled(batch.map(({ message }) => republish(s, message)));
          if (returned) throw new Error(`no queue took a redriven message: is ${s.target} gone?`);
          batch.forEach(({ message }, j) => {
            if (confirms[j]!.status === "fulfilled") s.channel.ack(message);
          });
          redriven += confirms.filter((c) => c.status === "fulfilled").length;
          const failed = confirms.find((c) => c.status === "rejected");
          if (failed) throw failed.reason;
        }
        const dropped = chosen.length - republished.length;
        return { redriven, dropped, missing };
      });
    },

    purge(selection) {
      return session("purge", async (s) => {
        if ("all" in selection) {
          const { messageCount } = await s.call(
            s.channel.purgeQueue(s.dead),
            "purging the dead-letter queue",
          );
          return { purged: messageCount, missing: 0 };
        }
        const { chosen, missing } = await select(s, selection);
        for (const { message } of chosen) s.channel.ack(message);
        return { purged: chosen.length, missing };
      });
    },
  };
}
