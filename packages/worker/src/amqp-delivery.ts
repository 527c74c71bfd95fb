import { decodeTaskMessage } from "@tps/core";
import type { Channel, ConsumeMessage, Message } from "amqplib";
import type { Delivery } from "./delivery";

export type Verdict = "ack" | "requeue" | "deadLetter";

/** Answers the messages of one channel by delivery tag, while that channel is the live one. */
export interface Answerer {
  /** A delivery arrived (tags arrive in increasing order on a channel). */
  received(deliveryTag: number): void;
  answer(deliveryTag: number, verdict: Verdict): void;
  /** Sends the acks still waiting for the end of this turn (before the channel is closed). */
  flush(): void;
  /** How many deliveries it keeps track of: the oldest unanswered one and every one after it. */
  tracked(): number;
}

/**
 * Answers on `channel` unless `live()` says it has been replaced: a dead channel's deliveries cannot
 * be acked any more (the broker redelivers them). amqplib reads nothing of a message but
 * `fields.deliveryTag` to ack or nack it, so the message itself (body, headers, properties) is not
 * kept while its task runs.
 *
 * Acks given in one turn of the event loop (a settled batch acks all its deliveries at once) go out
 * together: the longest run of the oldest unanswered deliveries as one `basic.ack` with `multiple`,
 * the rest one by one. A batch of 200 is then usually one frame instead of 200, for this process's
 * socket and for the broker. Nacks go out at once.
 */
export function channelAnswerer(channel: Channel, live: () => boolean): Answerer {
  /** Unanswered tags in arrival order, from `head` on; answered ones past the head are in `answered`. */
  let unanswered: number[] = [];
  let head = 0;
  const answered = new Set<number>();
  let acks: Set<number> | null = null;

  const send = (deliveryTag: number, verdict: Verdict, allUpTo = false) => {
    const message = { fields: { deliveryTag } } as Message;
    try {
      if (verdict === "ack") channel.ack(message, allUpTo);
      else channel.nack(message, false, verdict === "requeue");
    } catch {
      // Channel closed under us: the broker redelivers.
    }
  };

  /** Moves past the oldest deliveries answered already or in `acking`; returns the last of `acking` passed. */
  function advance(acking?: Set<number>): number {
    let upTo = -1;
    while (head < unanswered.length) {
      const tag = unanswered[head]!;
      if (acking?.delete(tag)) upTo = tag;
      else if (!answered.delete(tag)) break;
      head++;
    }
    if (head > 1_024 && head * 2 > unanswered.length) {
      unanswered = unanswered.slice(head);
      head = 0;
    }
    return upTo;
  }

  function flush() {
    const now = acks;
    if (!now) return;
    acks = null;
    if (!live()) return;
    const upTo = advance(now);
    if (upTo >= 0) send(upTo, "ack", true);
    for (const tag of now) {
      answered.add(tag);
      send(tag, "ack");
    }
  }

  return {
    received(deliveryTag) {
      unanswered.push(deliveryTag);
    },
    answer(deliveryTag, verdict) {
      if (!live()) return;
      if (verdict !== "ack") {
        answered.add(deliveryTag);
        send(deliveryTag, verdict);
        advance(); // a consumer that only requeues (its database down) must not pile up tags
        return;
      }
      if (!acks) {
        acks = new Set();
        queueMicrotask(flush);
      }
      acks.add(deliveryTag);
    },
    flush,
    tracked: () => unanswered.length - head,
  };
}

/**
 * A delivery as the worker holds it for as long as its task runs: the task id, the redelivered flag
 * and the tag to answer by. Thousands are held at once, so the answers are methods on the
 * prototype rather than three closures per message.
 */
export class AmqpDelivery implements Delivery {
  constructor(
    readonly taskId: number | null,
    readonly redelivered: boolean,
    private readonly deliveryTag: number,
    private readonly answerer: Answerer,
  ) {}

  ack() {
    this.answerer.answer(this.deliveryTag, "ack");
  }
  requeue() {
    this.answerer.answer(this.deliveryTag, "requeue");
  }
  deadLetter() {
    this.answerer.answer(this.deliveryTag, "deadLetter");
  }
}

/** The delivery of `msg`: it keeps the tag to answer by, not the message (the body, the headers). */
export function toDelivery(msg: ConsumeMessage, answerer: Answerer): Delivery {
  answerer.received(msg.fields.deliveryTag);
  const redelivered = msg.fields.redelivered || Number(msg.properties.headers?.["x-delivery-count"] ?? 0) > 0;
  return new AmqpDelivery(decodeTaskMessage(msg.content), redelivered, msg.fields.deliveryTag, answerer);
}
