import type { Channel } from "amqplib";

/** The next message in `queue`, left unacknowledged; polls for up to 2 s, as delivery is not instant. */
export async function pollGet(channel: Channel, queue: string) {
  for (let i = 0; i < 100; i++) {
    const message = await channel.get(queue, { noAck: false });
    if (message) return message;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no message in ${queue}`);
}
