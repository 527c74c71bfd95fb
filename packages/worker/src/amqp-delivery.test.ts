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
    ack: (m: Message, allUpTo = false) =>
      sent.push(allUpTo ? `ack up to ${m.fields.deliveryTag}` : `ack ${m.fields.deliveryTag}`),
    nack: (m: Message, allUpTo: boolean, requeue: boolean) =>
      sent.push(`nack ${m.fields.deliveryTag} allUpTo=${allUpTo} requeue=${requeue}`),
  } as unknown as Channel;
  return { channel, sent };
}

const turn = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("AMQP deliveries", () => {
  it("answer by delivery tag: ack, requeue (nack + requeue), dead-letter (nack, no requeue)", async () => {
    const { channel, sent } = fakeChannel();
    const answerer = channelAnswerer(channel, () => true);
    const [first, second, third] = [message(1, 11), message(2, 12), message(3, 13)].map((m) =>
      toDelivery(m, answerer),
    );
    second!.requeue();
    third!.deadLetter();
    first!.ack();
    await turn();
    expect(sent).toEqual([
      "nack 12 allUpTo=false requeue=true",
      "nack 13 allUpTo=false requeue=false",
      "ack up to 11",
    ]);
  });

  it("send the acks of one turn together: the oldest unanswered run as one multiple ack, the rest one by one", async () => {
    const { channel, sent } = fakeChannel();
    const answerer = channelAnswerer(channel, () => true);
    const d = Array.from({ length: 8 }, (_, i) => toDelivery(message(i, i + 1), answerer));
    d[2]!.requeue(); // answered at once, and covered by nothing later
    for (const i of [0, 1, 3, 5]) d[i]!.ack(); // tags 1, 2, 4 are a run with 3; 6 is not (5 runs)
    expect(sent).toEqual(["nack 3 allUpTo=false requeue=true"]); // acks wait for the end of the turn
    await turn();
    expect(sent.slice(1)).toEqual(["ack up to 4", "ack 6"]);
    sent.length = 0;
    for (const i of [4, 6]) d[i]!.ack(); // 5 joins the run past 6 (answered already), 7 too
    await turn();
    expect(sent).toEqual(["ack up to 7"]);
    d[7]!.ack();
    await turn();
    expect(sent).toEqual(["ack up to 7", "ack up to 8"]);
  });

  it("keep no record of deliveries that were only ever requeued", async () => {
    const { channel, sent } = fakeChannel();
    const answerer = channelAnswerer(channel, () => true);
    // A consumer whose database is down requeues every delivery, for as long as the outage lasts.
    for (let tag = 1; tag <= 10_000; tag++) toDelivery(message(1, tag), answerer).requeue();
    expect(answerer.tracked()).toBe(0);
    const running = toDelivery(message(1, 10_001), answerer);
    toDelivery(message(1, 10_002), answerer).requeue();
    expect(answerer.tracked()).toBe(2); // the running one, and the requeued one after it
    running.ack();
    await turn();
    expect(answerer.tracked()).toBe(0);
    expect(sent.at(-1)).toBe("ack up to 10001");
  });

  it("are not answered once their channel is no longer the live one, nor when it throws", async () => {
    const { channel, sent } = fakeChannel();
    let live = true;
    const delivery = toDelivery(
      message(1, 7),
      channelAnswerer(channel, () => live),
    );
    live = false;
    delivery.ack();
    await turn();
    expect(sent).toEqual([]);
    const closed = {
      ack: () => {
        throw new Error("Channel closed");
      },
    } as unknown as Channel;
    toDelivery(
      message(1, 8),
      channelAnswerer(closed, () => true),
    ).ack();
    await turn(); // the ack goes out, the channel throws, nothing escapes
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
    await turn();
    expect(sent).toEqual(["ack up to 99"]);
  });
});
