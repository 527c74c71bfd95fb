import { createDb } from "@tps/db";
import {
  createAmqpPublisher,
  createCancelBus,
  createConsumerDirectory,
  createLogger,
  createWorkStore,
  describeError,
  redisPrefix,
} from "@tps/infra";
import { startAmqpConsumer } from "./amqp-consumer";
import { env } from "./env";
import { startHeartbeat } from "./heartbeat";
import { startHttpServer } from "./http-server";
import { createConsumerMetrics } from "./metrics";
import { startReconciler } from "./reconciler";
import { createSimulatedWork } from "./simulated-work";
import { redact, StartupError, waitFor } from "./wait-for";
import { createWorker } from "./worker";

const log = createLogger("consumer", env.LOG_LEVEL);
const metrics = createConsumerMetrics(undefined, true);

async function main() {
  const db = createDb(env.DATABASE_URL, { maxConnections: env.DB_POOL_SIZE });
  await waitFor("postgres", redact(env.DATABASE_URL), env.STARTUP_TIMEOUT_MS, log, async () => {
    try {
      await db.$queryRaw`SELECT 1 FROM tasks LIMIT 1`;
    } catch (error) {
      if (/relation "tasks" does not exist/.test(String(error))) {
        throw new StartupError("the database has no tasks table: run `npm run db:deploy` first");
      }
      throw error;
    }
  });
  const store = createWorkStore(db);
  const cancels = createCancelBus(env.REDIS_URL, redisPrefix(env.TASK_QUEUE), log);
  const publisher = createAmqpPublisher(env.RABBITMQ_URL, env.TASK_QUEUE, log);

  const worker = createWorker({
    store,
    flagged: (ids) => cancels.flagged(ids),
    work: createSimulatedWork(env.TASK_WORK_MS),
    metrics,
    log,
    config: {
      owner: env.CONSUMER_ID,
      leaseMs: env.LEASE_MS,
      batchSize: env.BATCH_SIZE,
      batchWindowMs: env.BATCH_WINDOW_MS,
      retryBaseMs: env.RETRY_BASE_MS,
      shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    },
  });
  await cancels.subscribe((id, requestedAt) => worker.cancel(id, requestedAt));

  const consumer = await waitFor("rabbitmq", redact(env.RABBITMQ_URL), env.STARTUP_TIMEOUT_MS, log, () =>
    startAmqpConsumer({
      url: env.RABBITMQ_URL,
      queue: env.TASK_QUEUE,
      prefetch: env.PREFETCH,
      log,
      onDelivery: (delivery) => worker.accept(delivery),
    }),
  );
  const reconciler = startReconciler({
    store,
    publisher,
    metrics,
    log,
    intervalMs: env.RECONCILE_INTERVAL_MS,
    publishGraceMs: env.PUBLISH_GRACE_MS,
    queueDepth: () => consumer.depth(),
    stalePublishMs: env.STALE_PUBLISH_MS,
  });
  const heartbeat = startHeartbeat({
    id: env.CONSUMER_ID,
    prefetch: env.PREFETCH,
    intervalMs: 5_000,
    inFlight: () => worker.inFlight,
    directory: createConsumerDirectory(db),
    log,
  });
  const depthTimer = setInterval(() => {
    void consumer
      .depth()
      .then((depth) => depth !== null && metrics.queueDepth.set({ queue: env.TASK_QUEUE }, depth));
  }, 5_000);

  const http = startHttpServer(env.CONSUMER_PORT, metrics.registry, async () => {
    const postgres = await db.$queryRaw`SELECT 1`.then(
      () => "ok",
      (e: unknown) => `error: ${describeError(e)}`,
    );
    const rabbitmq = consumer.connected() ? "ok" : "error: disconnected (reconnecting)";
    // Redis only speeds up cancels: without it the consumer still works, so it does not fail health.
    const redis = (await cancels.ping())
      ? "ok"
      : "degraded: unreachable (cancels fall back to lease renewal)";
    return {
      ok: postgres === "ok" && rabbitmq === "ok",
      postgres,
      rabbitmq,
      redis,
      inFlight: worker.inFlight,
    };
  });
  const port = await http.listening;
  log.info(
    {
      port,
      queue: env.TASK_QUEUE,
      prefetch: env.PREFETCH,
      batchSize: env.BATCH_SIZE,
      workMs: env.TASK_WORK_MS,
    },
    "consumer started",
  );

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) {
      log.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    closing = true;
    log.info({ signal, inFlight: worker.inFlight }, "shutting down: draining in-flight work");
    setTimeout(() => {
      log.error({}, "shutdown deadline passed; exiting with work unsettled (leases will lapse)");
      process.exit(1);
    }, env.SHUTDOWN_GRACE_MS + 15_000).unref();
    clearInterval(depthTimer);
    // Each step is guarded: one failing cleanup does not skip the others.
    const steps: [string, () => Promise<unknown>][] = [
      ["stop consuming", () => consumer.stopConsuming()],
      ["drain worker", () => worker.close()],
      ["stop reconciler", () => reconciler.stop()],
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
    log.info({}, "consumer stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  if (error instanceof StartupError) log.fatal({}, error.message);
  else log.fatal({ err: error }, "consumer failed to start");
  process.exit(1);
});
