import { TEST_RABBITMQ_URL, TEST_REDIS_URL } from "@tps/infra/testing";
import { type ConsumerEnv, parseConsumerEnv } from "./env";

/**
 * The consumer's settings for an integration test: the test's own database and queue on this
 * machine's services, an ephemeral HTTP port, the `fail:`/`sleep:` test hooks on, and the test's
 * overrides (env-variable strings).
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
    TASK_TEST_HOOKS: "1",
    ...overrides,
  });
}
