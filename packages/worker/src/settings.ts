import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { intSetting as int, sharedEnv } from "@tps/infra";
import { z } from "zod";

/** The worker's settings as environment variables, with the defaults of a local machine. */
export const workerEnvShape = {
  ...sharedEnv,
  /** Deliveries claimed (and finished tasks settled) per statement. */
  BATCH_SIZE: int(1, 5_000, 200),
  /** How long a batch waits to fill up. */
  BATCH_WINDOW_MS: int(1, 5_000, 20),
  /** Unacked messages the broker hands this worker per task type: its in-flight cap. */
  PREFETCH: int(1, 65_535, 10_000),
  LEASE_MS: int(1_000, 3_600_000, 15_000),
  /**
   * How long past its expiry a lapsed lease is left to its owner (to renew, or settle what it
   * finished) before anyone reaps or takes it over; after a database outage, reaping waits this long
   * past the first pass that reaches the database again. 10 s covers the settle retry's largest
   * pause (2 s) and one renewal (every LEASE_MS / 3) with room to spare; see DEFAULT_LEASE_LAPSE.
   */
  LEASE_GRACE_MS: int(0, 3_600_000, 10_000),
  /**
   * A lapsed lease gives its attempt back; the task fails on this many lost leases instead (a task
   * that keeps killing its consumers). 3: it survives two crashes or outages mid-run.
   */
  MAX_LEASE_LOSSES: int(1, 1_000, 3),
  RECONCILE_INTERVAL_MS: int(100, 3_600_000, 1_000),
  PUBLISH_GRACE_MS: int(0, 3_600_000, 5_000),
  STALE_PUBLISH_MS: int(1_000, 86_400_000, 120_000),
  /** Backoff before a failed task's second attempt (doubling after), unless its type says otherwise. */
  RETRY_BASE_MS: int(0, 3_600_000, 1_000),
  SHUTDOWN_GRACE_MS: int(0, 3_600_000, 10_000),
  STARTUP_TIMEOUT_MS: int(0, 3_600_000, 30_000),
  DB_POOL_SIZE: int(1, 100, 10),
  /** Largest task output stored (its JSON text, bytes); a bigger one fails the attempt. */
  TASK_OUTPUT_MAX_BYTES: int(2, 16 * 1024 * 1024, 256 * 1024),
  /** How often reported progress is written (the latest value per task). */
  PROGRESS_INTERVAL_MS: int(100, 60_000, 1_000),
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
};

export type WorkerSettings = z.output<z.ZodObject<typeof workerEnvShape>>;

/**
 * Reads the settings from `source` (the environment): empty values count as unset. Throws one
 * error naming every bad variable (a library does not exit its host process).
 */
export function readWorkerSettings(source: Record<string, string | undefined>): WorkerSettings {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const keys = Object.keys(workerEnvShape);
  const known = Object.fromEntries(Object.entries(cleaned).filter(([k]) => keys.includes(k)));
  const result = z.object(workerEnvShape).safeParse(known);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  throw new Error(`invalid worker configuration: ${lines.join("; ")}`);
}
