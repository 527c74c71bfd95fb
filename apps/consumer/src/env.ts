import { intSetting as int, parseEnv } from "@tps/infra";
import { workerEnvShape } from "@tps/worker/internal";
import { z } from "zod";

/** The worker's settings (see @tps/worker) and the consumer's own. */
export const consumerEnvShape = {
  ...workerEnvShape,
  CONSUMER_PORT: int(0, 65_535, 9464),
  /** Simulated work per `sleep` task. */
  TASK_WORK_MS: int(0, 3_600_000, 3000),
  /**
   * Test only: `sleep` payloads starting with `fail:` fail and `sleep:<ms>` set their duration
   * (the fault suite, e2e and integration tests turn it on; off in production).
   */
  TASK_TEST_HOOKS: z
    .enum(["0", "1", "false", "true"])
    .default("0")
    .transform((v) => v === "1" || v === "true"),
  /**
   * Limits of the built-in `sleep` type across every consumer (0: none): at most this many running
   * at once, and at most SLEEP_RATE_LIMIT_MAX starts per SLEEP_RATE_LIMIT_PER_MS (Redis counts them;
   * with Redis down, sleep tasks wait). See docs/worker-sdk.md, "Limits".
   */
  SLEEP_CONCURRENCY_LIMIT: int(0, 1_000_000, 0),
  SLEEP_RATE_LIMIT_MAX: int(0, 1_000_000, 0),
  SLEEP_RATE_LIMIT_PER_MS: int(1, 86_400_000, 1_000),
  /** Retention: finished tasks older than this many days are deleted in the background; 0 keeps them forever. */
  RETENTION_DAYS: int(0, 36_500, 30),
  /** Rows per retention statement, the pause between two of them, and the time between passes. */
  RETENTION_BATCH: int(1, 50_000, 1_000),
  RETENTION_PAUSE_MS: int(0, 60_000, 100),
  RETENTION_INTERVAL_MS: int(1_000, 86_400_000, 600_000),
  /** When set, /metrics requires `Authorization: Bearer <token>` (/health stays open). */
  METRICS_TOKEN: z.string().min(16, "must have at least 16 characters").optional(),
};

export type ConsumerEnv = z.output<z.ZodObject<typeof consumerEnvShape>>;

/** Parses the consumer's settings from `source`; exits with one line per bad variable. */
export const parseConsumerEnv = (source: Record<string, string | undefined>): ConsumerEnv =>
  parseEnv(consumerEnvShape, source);
