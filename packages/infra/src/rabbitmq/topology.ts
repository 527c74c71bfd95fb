import type { Channel, ChannelModel } from "amqplib";

/**
 * Deliveries of one message before the broker dead-letters it. Claims are conditional and the
 * database bounds attempts, so this only stops a message that keeps coming back without being
 * settled (a consumer that crashes on it, requeues without end). Its task, if it exists, stays in
 * PostgreSQL and the reconciler publishes it again later.
 */
export const DELIVERY_LIMIT = 20;

/** Queue names derived from the one configured name (`TASK_QUEUE`), so test runs never collide. */
export function queueNames(queue: string) {
  return {
    queue,
    /** The quorum queue used instead when a classic queue of the configured name already exists. */
    quorumQueue: `${queue}.q`,
    deadLetterExchange: `${queue}.dlx`,
    deadLetterQueue: `${queue}.dead`,
  };
}

/**
 * The queue of a task type: the built-in `sleep` keeps the configured queue itself (the seed's
 * `task_queue`), every other type has its own, `<queue>.type.<type>`, so types never block each
 * other. All of them dead-letter into the configured queue's dead-letter exchange: one
 * dead-letter queue for the console.
 */
export function queueForType(queue: string, type: string): string {
  return type === "sleep" ? queue : `${queue}.type.${type}`;
}

/**
 * The priority lane of a task queue (`<queue>.priority`): tasks of priority 1-9 go there, priority 0
 * stays on the queue itself. A quorum queue on RabbitMQ 3.x ignores message priority, so a task
 * that must overtake a backlog gets a queue of its own, which the broker orders by priority.
 */
export const laneOf = (queue: string): string => `${queue}.priority`;

/** The highest message priority (`x-max-priority` of every lane). */
export const MAX_PRIORITY = 9;

/** Whether `name` is a type queue of `queue` (see queueForType). */
export const isTypeQueueOf = (queue: string, name: string): boolean => name.startsWith(`${queue}.type.`);

/** Where task messages go now, and older queues that may still hold some (consume them too). */
export interface Topology {
  queue: string;
  drain: string[];
  /** The priority lane (see laneOf). */
  lane: string;
}

const quorum = (dlx: string) => ({
  durable: true,
  arguments: { "x-queue-type": "quorum", "x-delivery-limit": DELIVERY_LIMIT, "x-dead-letter-exchange": dlx },
});
/**
 * The priority lane: a classic durable queue (quorum queues on RabbitMQ 3.x ignore priorities),
 * dead-lettering into the same exchange. Classic queues have no `x-delivery-limit`: a message that
 * keeps coming back is bounded by the database instead (a claim counts the attempt, a crashing
 * consumer's lapsed lease counts a lease loss, MAX_LEASE_LOSSES fails the task), and a delivery whose
 * task is settled already is acked without work, so it cannot circle for ever either.
 */
const priorityLane = (dlx: string) => ({
  durable: true,
  arguments: { "x-max-priority": MAX_PRIORITY, "x-dead-letter-exchange": dlx },
});
/** The classic queue of earlier releases. */
const classic = (dlx: string) => ({ durable: true, arguments: { "x-dead-letter-exchange": dlx } });

const isPreconditionFailed = (error: unknown) =>
  (error as { code?: unknown }).code === 406 || /PRECONDITION_FAILED/.test(String(error));

/**
 * Declares the work queue (a quorum queue with a delivery limit and the dead-letter exchange), its
 * priority lane and its dead-letter queue. A classic queue cannot be redeclared as quorum under
 * the same name: when the configured name is taken by the classic queue of an earlier release
 * (PRECONDITION_FAILED), the quorum queue is `<queue>.q` instead (the lane keeps `<queue>.priority`), publishers switch to it and consumers drain the old
 * queue as well, so no message is lost and nobody has to stop the world. An operator may delete
 * the old queue once it is empty; after that `<queue>` is declared quorum again, and a leftover
 * `<queue>.q` is drained in turn. Every declaration runs on a short-lived channel, because a
 * failed one closes its channel.
 */
export async function assertTopology(
  model: ChannelModel,
  queue: string,
  /** Whose dead-letter exchange and queue it uses (a type queue uses its base queue's). */
  deadLetterOf: string = queue,
): Promise<Topology> {
  const names = { ...queueNames(queue), ...pick(queueNames(deadLetterOf)) };
  const lane = laneOf(queue);
  const onChannel = async <T>(run: (channel: Channel) => Promise<T>): Promise<T> => {
    const channel = await model.createChannel();
    channel.on("error", () => {});
    try {
      return await run(channel);
    } finally {
      await channel.close().catch(() => {});
    }
  };

  await onChannel(async (channel) => {
    await channel.assertExchange(names.deadLetterExchange, "fanout", { durable: true });
    await channel.assertQueue(names.deadLetterQueue, { durable: true });
    await channel.bindQueue(names.deadLetterQueue, names.deadLetterExchange, "");
    await channel.assertQueue(lane, priorityLane(names.deadLetterExchange)).catch((error: unknown) => {
      if (!isPreconditionFailed(error)) throw error;
      // e.g. the quorum queue of a task type named "<type>.priority" took the name
      throw new Error(`${lane} exists and is not a priority lane (${String(error)})`, { cause: error });
    });
  });
  const declared = await onChannel((c) => c.assertQueue(queue, quorum(names.deadLetterExchange))).then(
    () => true,
    (error: unknown) => {
      if (isPreconditionFailed(error)) return false;
      throw error;
    },
  );
  if (declared) {
    const leftover = await onChannel((c) => c.checkQueue(names.quorumQueue)).then(
      () => [names.quorumQueue],
      () => [],
    );
    return { queue, drain: leftover, lane };
  }
  // Only the classic queue we used to declare is ours to migrate; anything else fails here.
  await onChannel((c) => c.assertQueue(queue, classic(names.deadLetterExchange)));
  await onChannel((c) => c.assertQueue(names.quorumQueue, quorum(names.deadLetterExchange)));
  return { queue: names.quorumQueue, drain: [queue], lane };
}

const pick = ({ deadLetterExchange, deadLetterQueue }: ReturnType<typeof queueNames>) => ({
  deadLetterExchange,
  deadLetterQueue,
});

/** Removes the queues and exchange of `queue` (tests clean up after themselves). */
export async function deleteTopology(
  channel: Channel,
  queue: string,
  types: readonly string[] = [],
): Promise<void> {
  const names = queueNames(queue);
  for (const type of types) {
    if (type === "sleep") continue;
    await channel.deleteQueue(queueForType(queue, type));
    await channel.deleteQueue(laneOf(queueForType(queue, type)));
  }
  await channel.deleteQueue(queue);
  await channel.deleteQueue(laneOf(queue));
  await channel.deleteQueue(names.quorumQueue);
  await channel.deleteQueue(names.deadLetterQueue);
  await channel.deleteExchange(names.deadLetterExchange);
}
