import type { AmqpConsumer } from "./amqp-consumer";
import type { ConsumerMetrics } from "./metrics";

/**
 * Every 5 s, sets the queue-depth gauge of each type's queue (asked through that type's consumer)
 * and the dead-letter queue's (through the first one). A broker that cannot be asked leaves the
 * last value. Returns the stop function; the timer does not keep the process alive.
 */
export function startQueueDepthGauges(
  queues: readonly string[],
  consumers: readonly Pick<AmqpConsumer, "depth" | "deadLetterDepth">[],
  deadLetterQueueOf: string,
  metrics: Pick<ConsumerMetrics, "queueDepth" | "deadLetterDepth">,
): () => void {
  const timer = setInterval(() => {
    queues.forEach((queue, i) => {
      void consumers[i]!.depth().then((depth) => depth !== null && metrics.queueDepth.set({ queue }, depth));
    });
    void consumers[0]!
      .deadLetterDepth()
      .then((depth) => depth !== null && metrics.deadLetterDepth.set({ queue: deadLetterQueueOf }, depth));
  }, 5_000);
  timer.unref();
  return () => clearInterval(timer);
}
