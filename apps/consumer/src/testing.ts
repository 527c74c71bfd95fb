import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { TEST_RABBITMQ_URL, TEST_REDIS_URL } from "@tps/infra/testing";
import { type ConsumerEnv, parseConsumerEnv } from "./env";
import type { Delivery } from "./worker";

export type Fate = "ack" | "requeue" | "deadLetter";

/** A delivery that records what the worker decided (for tests). */
export interface RecordedDelivery extends Delivery {
  fate: Fate | null;
  settled: Promise<Fate>;
}

export function fakeDelivery(
  taskId: number | null,
  options: { redelivered?: boolean } = {},
): RecordedDelivery {
  let resolve!: (fate: Fate) => void;
  const settled = new Promise<Fate>((r) => {
    resolve = r;
  });
  const delivery: RecordedDelivery = {
    taskId,
    redelivered: options.redelivered ?? false,
    fate: null,
    settled,
    ack: () => decide("ack"),
    requeue: () => decide("requeue"),
    deadLetter: () => decide("deadLetter"),
  };
  function decide(fate: Fate) {
    if (delivery.fate)
      throw new Error(`delivery of task ${taskId} settled twice (${delivery.fate}, then ${fate})`);
    delivery.fate = fate;
    resolve(fate);
  }
  return delivery;
}

/**
 * The consumer's settings for an integration test: the test's own database and queue on this
 * machine's services, an ephemeral HTTP port, and the test's overrides (env-variable strings).
 */
export function testConsumerConfig(
  target: { databaseUrl: string; queue: string },
  overrides: Record<string, string>,
): ConsumerEnv {
  return parseConsumerEnv({
    DATABASE_URL: target.databaseUrl,
    RABBITMQ_URL: TEST_RABBITMQ_URL,
    REDIS_URL: TEST_REDIS_URL,
    TASK_QUEUE: target.queue,
    CONSUMER_PORT: "0",
    ...overrides,
  });
}

/**
 * A full garbage collection now, for tests that check what is no longer held. Without --expose-gc:
 * the flag is set at run time and a fresh context gets the `gc` function.
 */
export function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}
