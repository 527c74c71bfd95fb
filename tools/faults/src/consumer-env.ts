/** Short timings, so faults show and heal within seconds (the suite's older scenarios). */
export const SHORT_CONSUMER_ENV: Record<string, string> = {
  TASK_WORK_MS: "500",
  TASK_TEST_HOOKS: "1",
  LEASE_MS: "3000",
  RECONCILE_INTERVAL_MS: "500",
  PUBLISH_GRACE_MS: "2000",
  STALE_PUBLISH_MS: "5000",
  RETRY_BASE_MS: "200",
  SHUTDOWN_GRACE_MS: "3000",
  STARTUP_TIMEOUT_MS: "30000",
  DB_POOL_SIZE: "4",
  LOG_LEVEL: "warn",
};

/**
 * The worker's production defaults (packages/worker/src/settings.ts) and the seed's 3 s of work,
 * spelled out so a scenario runs exactly what `npm start` runs, whatever the suite's short timings.
 */
export const PRODUCTION_CONSUMER_ENV: Record<string, string> = {
  TASK_WORK_MS: "3000",
  TASK_TEST_HOOKS: "1",
  LEASE_MS: "15000",
  PREFETCH: "10000",
  BATCH_SIZE: "200",
  BATCH_WINDOW_MS: "20",
  RECONCILE_INTERVAL_MS: "1000",
  PUBLISH_GRACE_MS: "5000",
  STALE_PUBLISH_MS: "120000",
  RETRY_BASE_MS: "1000",
  SHUTDOWN_GRACE_MS: "10000",
  STARTUP_TIMEOUT_MS: "30000",
  DB_POOL_SIZE: "10",
  LOG_LEVEL: "warn",
};
