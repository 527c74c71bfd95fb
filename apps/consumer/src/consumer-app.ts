import type { Log } from "@tps/core";
import { createDb } from "@tps/db";
import {
  createAdvisoryLock,
  createAmqpPublisher,
  createCancelBus,
  createConsumerDirectory,
  createProcessingControl,
  createTaskRepository,
  createWorkStore,
  describeError,
  RETENTION_LOCK_KEY,
  redisPrefix,
  tracePublisher,
  tracingEnabled,
} from "@tps/infra";
import { startAmqpConsumer } from "./amqp-consumer";
import type { ConsumerEnv } from "./env";
import { startHeartbeat } from "./heartbeat";
import { startHttpServer } from "./http-server";
import type { ConsumerMetrics } from "./metrics";
import { readProcessingSwitch, startProcessingWatch } from "./processing-watch";
import { startReconciler } from "./reconciler";
import { startRetention } from "./retention";
import { createSimulatedWork, type WorkFn } from "./simulated-work";
import { createTaskTracing } from "./task-tracing";
import { redact, StartupError, waitFor } from "./wait-for";
import { withWorkLedger } from "./work-ledger";
import { createWorker } from "./worker";

export interface ConsumerAppOptions {
  config: ConsumerEnv;
  log: Log;
  metrics: ConsumerMetrics;
  /** The work each task runs; the simulated IO of TASK_WORK_MS by default. */
  work?: WorkFn;
  /** How often the processing switch (pause/resume) is read; 500 ms by default. */
  processingPollMs?: number;
}

/**
 * The consumer's composition root: every adapter, the worker, the AMQP consumer, the reconciler,
 * the heartbeat and the HTTP endpoints, wired once. `main.ts` and the integration tests both use it.
 */
export async function startConsumerApp({ config, log, metrics, work, processingPollMs }: ConsumerAppOptions) {
  // A statement may not outlast a third of a lease: leases are renewed every third.
  const db = createDb(config.DATABASE_URL, {
    maxConnections: config.DB_POOL_SIZE,
    statementTimeoutMs: Math.max(5_000, Math.floor(config.LEASE_MS / 3)),
  });
  await waitFor("postgres", redact(config.DATABASE_URL), config.STARTUP_TIMEOUT_MS, log, async () => {
    try {
      await db.$queryRaw`SELECT 1 FROM tasks LIMIT 1`;
    } catch (error) {
      if (/relation "tasks" does not exist/.test(String(error))) {
        throw new StartupError("the database has no tasks table: run `npm run db:deploy` first");
      }
      throw error;
    }
  });
  const tracing = createTaskTracing(tracingEnabled());
  const processing = await readProcessingSwitch(createProcessingControl(db), log);
  const store = createWorkStore(db);
  const cancels = createCancelBus(config.REDIS_URL, redisPrefix(config.TASK_QUEUE, config.DATABASE_URL), log);
  const publisher = tracePublisher(
    createAmqpPublisher(config.RABBITMQ_URL, config.TASK_QUEUE, log),
    config.TASK_QUEUE,
  );

  const simulated = createSimulatedWork(config.TASK_WORK_MS);
  const ledgered = config.WORK_LEDGER_FILE
    ? withWorkLedger(simulated, config.WORK_LEDGER_FILE, config.CONSUMER_ID)
    : simulated;
  const worker = createWorker({
    store: tracing.store(store),
    flagged: (ids) => cancels.flagged(ids),
    work: tracing.work(work ?? ledgered),
    metrics,
    log,
    traceIdOf: tracing.traceIdOf,
    paused: () => processing.paused,
    config: {
      owner: config.CONSUMER_ID,
      leaseMs: config.LEASE_MS,
      batchSize: config.BATCH_SIZE,
      batchWindowMs: config.BATCH_WINDOW_MS,
      backoffBaseMs: config.RETRY_BASE_MS,
      shutdownGraceMs: config.SHUTDOWN_GRACE_MS,
    },
  });
  await cancels.subscribe((id, requestedAt) => worker.cancel(id, requestedAt));

  const consumer = await waitFor(
    "rabbitmq",
    redact(config.RABBITMQ_URL),
    config.STARTUP_TIMEOUT_MS,
    log,
    () =>
      startAmqpConsumer({
        url: config.RABBITMQ_URL,
        queue: config.TASK_QUEUE,
        prefetch: config.PREFETCH,
        log,
        onDelivery: (delivery, headers) => worker.accept(tracing.track(delivery, headers)),
        paused: () => processing.paused,
      }),
  );
  // Paused: no new claims (unsubscribed; deliveries here go back unclaimed), running work finishes.
  const watch = startProcessingWatch({
    control: processing.control,
    intervalMs: processingPollMs ?? 500,
    initial: processing.initial,
    log,
    onState(state) {
      processing.paused = state.paused;
      metrics.processingPaused.set(state.paused ? 1 : 0);
      void consumer.sync();
    },
  });
  metrics.processingPaused.set(processing.paused ? 1 : 0);
  const reconciler = startReconciler({
    store,
    publisher,
    metrics,
    log,
    intervalMs: config.RECONCILE_INTERVAL_MS,
    publishGraceMs: config.PUBLISH_GRACE_MS,
    stalePublishMs: config.STALE_PUBLISH_MS,
    paused: () => processing.paused,
  });
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
  const heartbeat = startHeartbeat({
    id: config.CONSUMER_ID,
    prefetch: config.PREFETCH,
    intervalMs: 5_000,
    inFlight: () => worker.inFlight,
    directory: createConsumerDirectory(db),
    log,
  });
  const depthTimer = setInterval(() => {
    const queue = { queue: config.TASK_QUEUE };
    void consumer.depth().then((depth) => depth !== null && metrics.queueDepth.set(queue, depth));
    void consumer
      .deadLetterDepth()
      .then((depth) => depth !== null && metrics.deadLetterDepth.set(queue, depth));
  }, 5_000);
  depthTimer.unref();

  const http = startHttpServer(
    config.CONSUMER_PORT,
    metrics.registry,
    async () => {
      const postgres = await db.$queryRaw`SELECT 1`.then(
        () => "ok",
        (e: unknown) => `error: ${describeError(e)}`,
      );
      const rabbitmq = consumer.consuming()
        ? "ok"
        : "error: not consuming (reconnecting or reopening the channel)";
      // Redis only speeds up cancels: without it the consumer still works, so it does not fail health.
      const redis = (await cancels.ping())
        ? "ok"
        : "degraded: unreachable (cancels fall back to lease renewal)";
      // Paused on purpose is healthy: it says so, with who paused it.
      const { paused, by, at, reason } = watch.state;
      return {
        ok: postgres === "ok" && rabbitmq === "ok",
        postgres,
        rabbitmq,
        redis,
        processing: paused ? { paused, by, at, reason } : "running",
        inFlight: worker.inFlight,
      };
    },
    config.METRICS_TOKEN,
  );
  const port = await http.listening;

  let stopping: Promise<void> | null = null;
  /**
   * Stops consuming, drains the worker (finish within the grace period, release the rest), then
   * closes every connection. Idempotent; each step runs even if an earlier one failed.
   */
  function stop(): Promise<void> {
    stopping ??= (async () => {
      clearInterval(depthTimer);
      const steps: [string, () => Promise<unknown>][] = [
        ["stop watching the processing switch", () => watch.stop()],
        ["stop consuming", () => consumer.stopConsuming()],
        ["drain worker", () => worker.close()],
        ["stop reconciler", () => reconciler.stop()],
        ["stop retention", () => retention.stop()],
        ["stop heartbeat", () => heartbeat.stop()],
        ["close rabbitmq", () => consumer.close()],
        ["close publisher", () => publisher.close()],
        ["close redis", () => cancels.close()],
        ["close postgres", () => db.$disconnect()],
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
    db,
    store,
    worker,
    consumer,
    reconciler,
    retention,
    cancels,
    publisher,
    processing: watch,
    stop,
  };
}

export type ConsumerApp = Awaited<ReturnType<typeof startConsumerApp>>;
