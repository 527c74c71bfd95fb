import type { Log } from "@tps/core";
import { createDb } from "@tps/db";
import { createAdvisoryLock, createTaskRepository, RETENTION_LOCK_KEY } from "@tps/infra";
import {
  type ConsumerMetrics,
  createHostedWorker,
  createSleepTask,
  type SleepLimits,
  type WorkFn,
} from "@tps/worker/internal";
import type { ConsumerEnv } from "./env";
import { startHttpServer } from "./http-server";
import { startRetention } from "./retention";
import { createTestEchoTask } from "./test-echo-task";

export interface ConsumerAppOptions {
  config: ConsumerEnv;
  log: Log;
  metrics: ConsumerMetrics;
  /** Tests: the work every task runs instead of the `sleep` type's (TASK_WORK_MS of simulated IO). */
  work?: WorkFn;
  /** How often the processing switch (pause/resume) is read; 500 ms by default. */
  processingPollMs?: number;
}

/**
 * The consumer: a host of @tps/worker serving the built-in task type `sleep` (the original design's
 * simulated work; with TASK_TEST_HOOKS also the typed test type `test.echo`), plus what a deployment's own consumer does besides: retention of finished tasks
 * and the HTTP `/metrics` and `/health` endpoints. `main.ts` and the integration tests use it.
 */
export async function startConsumerApp({ config, log, metrics, work, processingPollMs }: ConsumerAppOptions) {
  const sleep = createSleepTask(config.TASK_WORK_MS, config.TASK_TEST_HOOKS, sleepLimitsOf(config));
  const tasks = config.TASK_TEST_HOOKS ? [sleep, createTestEchoTask(config.TASK_WORK_MS)] : [sleep];
  const worker = createHostedWorker(
    { tasks, logger: log, env: {} },
    { settings: config, metrics, processingPollMs, wrapWork: work && (() => work) },
  );
  await worker.start();
  const runtime = worker.runtime!;

  // Retention runs in one consumer at a time (advisory lock), on a small pool of its own.
  const db = createDb(config.DATABASE_URL, { maxConnections: 2 });
  const retention = startRetention({
    repo: createTaskRepository(db),
    lock: createAdvisoryLock(config.DATABASE_URL, RETENTION_LOCK_KEY),
    metrics,
    log,
    days: config.RETENTION_DAYS,
    batch: config.RETENTION_BATCH,
    pauseMs: config.RETENTION_PAUSE_MS,
    intervalMs: config.RETENTION_INTERVAL_MS,
  });
  const http = startHttpServer(
    config.CONSUMER_PORT,
    metrics.registry,
    () => runtime.health(),
    config.METRICS_TOKEN,
  );
  const port = await http.listening;

  let stopping: Promise<void> | null = null;
  /** Drains and closes the worker, then retention and the HTTP server. Idempotent. */
  function stop(): Promise<void> {
    stopping ??= (async () => {
      const steps: [string, () => Promise<unknown>][] = [
        ["stop worker", () => worker.stop()],
        ["stop retention", () => retention.stop()],
        ["close retention's postgres", () => db.$disconnect()],
        ["close http", () => http.close()],
      ];
      for (const [name, step] of steps) {
        await step().catch((err: unknown) => log.error({ err }, `shutdown step failed: ${name}`));
      }
    })();
    return stopping;
  }

  return {
    port,
    store: runtime.store,
    worker: runtime.worker,
    consumer: { consuming: runtime.consuming, subscribed: runtime.subscribed },
    retention,
    cancels: runtime.cancels,
    processing: runtime.processing,
    health: runtime.health,
    stop,
  };
}

export type ConsumerApp = Awaited<ReturnType<typeof startConsumerApp>>;

/** The `sleep` type's limits from the consumer's settings (0: none). */
export function sleepLimitsOf(config: ConsumerEnv): SleepLimits {
  return {
    ...(config.SLEEP_CONCURRENCY_LIMIT > 0 ? { concurrencyLimit: config.SLEEP_CONCURRENCY_LIMIT } : {}),
    ...(config.SLEEP_RATE_LIMIT_MAX > 0
      ? { rateLimit: { max: config.SLEEP_RATE_LIMIT_MAX, perMs: config.SLEEP_RATE_LIMIT_PER_MS } }
      : {}),
  };
}
