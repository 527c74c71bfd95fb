import type { Channel } from "amqplib";

/** Queue names derived from the one configured name (`TASK_QUEUE`), so test runs never collide. */
export function queueNames(queue: string) {
  return { queue, deadLetterExchange: `${queue}.dlx`, deadLetterQueue: `${queue}.dead` };
}

/**
 * Declares the durable work queue and its dead-letter queue. Messages the consumer rejects
 * (malformed, unknown task) are routed to `<queue>.dead` instead of being requeued forever.
 */
export async function assertTopology(channel: Channel, queue: string): Promise<void> {
  const names = queueNames(queue);
  await channel.assertExchange(names.deadLetterExchange, "fanout", { durable: true });
  await channel.assertQueue(names.deadLetterQueue, { durable: true });
  await channel.bindQueue(names.deadLetterQueue, names.deadLetterExchange, "");
  await channel.assertQueue(queue, {
    durable: true,
    arguments: { "x-dead-letter-exchange": names.deadLetterExchange },
  });
}

/** Removes the queues and exchange of `queue` (tests clean up after themselves). */
export async function deleteTopology(channel: Channel, queue: string): Promise<void> {
  const names = queueNames(queue);
  await channel.deleteQueue(queue);
  await channel.deleteQueue(names.deadLetterQueue);
  await channel.deleteExchange(names.deadLetterExchange);
}
