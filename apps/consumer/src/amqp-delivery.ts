import { decodeTaskMessage } from "@tps/core";
import type { Channel, ConsumeMessage, Message } from "amqplib";
import type { Delivery } from "./delivery";

export type Verdict = "ack" | "requeue" | "deadLetter";

/** Answers the messages of one channel by delivery tag, while that channel is the live one. */
export interface Answerer {
  answer(deliveryTag: number, verdict: Verdict): void;
}

/**
 * Answers on `channel` unless `live()` says it has been replaced: a dead channel's deliveries cannot
 * be acked any more (the broker redelivers them). amqplib reads nothing of a message but
 * `fields.deliveryTag` to ack or nack it, so the message itself (body, headers, properties) is not
 * kept while its task runs.
 */
export function channelAnswerer(channel: Channel, live: () => boolean): Answerer {
  return {
    answer(deliveryTag, verdict) {
      if (!live()) return;
      const message = { fields: { deliveryTag } } as Message;
      try {
        if (verdict === "ack") channel.ack(message);
        else channel.nack(message, false, verdict === "requeue");
      } catch {
        // Channel closed under us: the broker redelivers.
      }
    },
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
  const redelivered = msg.fields.redelivered || Number(msg.properties.headers?.["x-delivery-count"] ?? 0) > 0;
  return new AmqpDelivery(decodeTaskMessage(msg.content), redelivered, msg.fields.deliveryTag, answerer);
}
