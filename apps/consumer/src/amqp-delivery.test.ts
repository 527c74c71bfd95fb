import type { Channel, ConsumeMessage, Message } from "amqplib";
import { describe, expect, it } from "vitest";
import { channelAnswerer, toDelivery } from "./amqp-delivery";
import { collectGarbage } from "./testing";

const message = (taskId: number, deliveryTag: number, headers: Record<string, unknown> = {}) =>
  ({
    content: Buffer.from(JSON.stringify({ task_id: taskId })),
    fields: { deliveryTag, redelivered: false, consumerTag: "ctag", exchange: "", routingKey: "q" },
    properties: { headers, messageId: "m-1", contentType: "application/json" },
  }) as unknown as ConsumeMessage;

/** A channel that records the acks and nacks it is asked to send. */
function fakeChannel() {
  const sent: string[] = [];
  const channel = {
    ack: (m: Message) => sent.push(`ack ${m.fields.deliveryTag}`),
    nack: (m: Message, allUpTo: boolean, requeue: boolean) =>
      sent.push(`nack ${m.fields.deliveryTag} allUpTo=${allUpTo} requeue=${requeue}`),
  } as unknown as Channel;
  return { channel, sent };
}

describe("AMQP deliveries", () => {
  it("answer by delivery tag: ack, requeue (nack + requeue), dead-letter (nack, no requeue)", () => {
    const { channel, sent } = fakeChannel();
    const answerer = channelAnswerer(channel, () => true);
    toDelivery(message(1, 11), answerer).ack();
    toDelivery(message(2, 12), answerer).requeue();
    toDelivery(message(3, 13), answerer).deadLetter();
    expect(sent).toEqual([
      "ack 11",
      "nack 12 allUpTo=false requeue=true",
      "nack 13 allUpTo=false requeue=false",
    ]);
  });

  it("are not answered once their channel is no longer the live one, nor when it throws", () => {
    const { channel, sent } = fakeChannel();
    let live = true;
    const delivery = toDelivery(
      message(1, 7),
      channelAnswerer(channel, () => live),
    );
    live = false;
    delivery.ack();
    expect(sent).toEqual([]);
    const closed = {
      ack: () => {
        throw new Error("Channel closed");
      },
    } as unknown as Channel;
    expect(() =>
      toDelivery(
        message(1, 8),
        channelAnswerer(closed, () => true),
      ).ack(),
    ).not.toThrow();
  });

  it("read the task id and the redelivered flag (also from a quorum queue's delivery count)", () => {
    const answerer = channelAnswerer(fakeChannel().channel, () => true);
    expect(toDelivery(message(42, 1), answerer)).toMatchObject({ taskId: 42, redelivered: false });
    expect(toDelivery(message(42, 2, { "x-delivery-count": 1 }), answerer).redelivered).toBe(true);
    const malformed = { ...message(1, 3), content: Buffer.from("not json") } as ConsumeMessage;
    expect(toDelivery(malformed, answerer).taskId).toBeNull();
  });

  it("do not keep the message (body, headers, properties) while their task runs", async () => {
    const { channel, sent } = fakeChannel();
    let msg: ConsumeMessage | null = message(5, 99, { traceparent: "00-abc-def-01" });
    const held = new WeakRef(msg);
    const delivery = toDelivery(
      msg,
      channelAnswerer(channel, () => true),
    );
    msg = null;
    await new Promise((r) => setTimeout(r, 0)); // WeakRef targets stay alive until the job ends
    collectGarbage();
    expect(held.deref()).toBeUndefined();
    delivery.ack();
    expect(sent).toEqual(["ack 99"]);
  });
});
