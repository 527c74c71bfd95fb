import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { parseEnv, sharedEnv } from "@tps/infra";
import { z } from "zod";

const int = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

export const consumerEnvShape = {
  ...sharedEnv,
  CONSUMER_PORT: int(0, 65_535, 9464),
  /** Simulated work per task. */
  TASK_WORK_MS: int(0, 3_600_000, 3000),
  /** Deliveries claimed (and finished tasks settled) per statement. */
  BATCH_SIZE: int(1, 5_000, 200),
  /** How long a batch waits to fill up. */
  BATCH_WINDOW_MS: int(1, 5_000, 20),
  /** Unacked messages the broker hands this consumer: the in-flight cap. */
  PREFETCH: int(1, 65_535, 10_000),
  LEASE_MS: int(1_000, 3_600_000, 15_000),
  RECONCILE_INTERVAL_MS: int(100, 3_600_000, 1_000),
  PUBLISH_GRACE_MS: int(0, 3_600_000, 5_000),
  STALE_PUBLISH_MS: int(1_000, 86_400_000, 120_000),
  RETRY_BASE_MS: int(0, 3_600_000, 1_000),
  SHUTDOWN_GRACE_MS: int(0, 3_600_000, 10_000),
  STARTUP_TIMEOUT_MS: int(0, 3_600_000, 30_000),
  DB_POOL_SIZE: int(1, 100, 10),
  /**
   * The lease owner. Unique per process start by default: a restarted container often gets the
   * same hostname and pid, and must not pass for the process that held its leases before.
   */
  CONSUMER_ID: z
    .string()
    .min(1)
    .max(200)
    .default(() => `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`),
  /** Test only: append every work attempt's start and end to this file (JSON Lines, tools/faults). */
  WORK_LEDGER_FILE: z.string().min(1).optional(),
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
