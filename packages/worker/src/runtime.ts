import type { Log } from "@tps/core";
import { createDb } from "@tps/db";
import {
  createAmqpPublisher,
  createCancelBus,
  createConsumerDirectory,
  createProcessingControl,
  createScheduleStore,
  createTaskTypes,
  createWorkStore,
  describeError,
  queueForType,
  redisPrefix,
  tracePublisher,
  tracingEnabled,
} from "@tps/infra";
import { type AmqpConsumer, startAmqpConsumer } from "./amqp-consumer";
import type { AnyTaskDefinition } from "./define-task";
import { startHeartbeat } from "./heartbeat";
import { limitsOfRuntime } from "./limits";
import type { ConsumerMetrics } from "./metrics";
import { createOutageHoldOff } from "./outage-hold-off";
import { readProcessingSwitch, startProcessingWatch } from "./processing-watch";
import { createProgressBuffer } from "./progress-buffer";
import { countingExpired, startReconciler } from "./reconciler";
import { DEFAULT_MAX_BACKOFF_MS, registrationOf } from "./registration";
import { startScheduler } from "./scheduler";
import type { WorkerSettings } from "./settings";
import { createTaskRunner } from "./task-runner";
import { createTaskTracing } from "./task-tracing";
import { redact, StartupError, waitFor } from "./wait-for";
import type { WorkFn } from "./work";
import { withWorkLedger } from "./work-ledger";
import { createWorkerLoop } from "./worker-loop";

export interface RuntimeOptions {
  settings: WorkerSettings;
  definitions: readonly AnyTaskDefinition[];
  log: Log & { child?(bindings: object): Log };
  metrics: ConsumerMetrics;
  /** How often the processing switch (pause/resume) is read; 500 ms by default. */
  processingPollMs?: number;
  /** Tests: wraps the work of every task (after the definitions' runner). */
  wrapWork?(work: WorkFn): WorkFn;
  /** Run the cron scheduler loop (default true). */
  schedules?: boolean;
}

/**
 * The worker's composition root: the database, the broker (one consumer per task type, each on its
 * type's queue with the type's concurrency as prefetch), Redis cancels, the batch loop, the
 * reconciler, the heartbeat and the type registrations, wired once. Resolves once the types are
 * registered and every queue is consumed.
 */
export async function startRuntime({
  settings,
  definitions,
  log,
  metrics,
  processingPollMs,
  wrapWork,
  schedules = true,
}: RuntimeOptions) {
  if (definitions.length === 0) throw new Error("createWorker: give at least one task definition");
  const types = definitions.map((d) => d.type);
  const duplicate = types.find((t, i) => types.indexOf(t) !== i);
  if (duplicate) throw new Error(`createWorker: task type "${duplicate}" is defined twice`);
  const registrations = definitions.map(registrationOf);

  // A statement may not outlast a third of a lease: leases are renewed every third.
  const db = createDb(settings.DATABASE_URL, {
    maxConnections: settings.DB_POOL_SIZE,
    statementTimeoutMs: Math.max(5_000, Math.floor(settings.LEASE_MS / 3)),
  });
  const closeDb = () => db.$disconnect();
  try {
    await waitFor("postgres", redact(settings.DATABASE_URL), settings.STARTUP_TIMEOUT_MS, log, async () => {
      try {
        await db.$queryRaw`SELECT 1 FROM task_types LIMIT 1`;
      } catch (error) {
        if (/relation "task_types" does not exist/.test(String(error))) {
          throw new StartupError("the database has no task_types table: run `npm run db:deploy` first");
        }
        throw error;
      }
    });
    await createTaskTypes(db).register(settings.CONSUMER_ID, registrations);
  } catch (error) {
    await closeDb().catch(() => {});
    throw error;
  }
  const tracing = createTaskTracing(tracingEnabled());
  const processing = await readProcessingSwitch(createProcessingControl(db), log);
  // Tasks a claim finds expired are counted (tasks_processed_total{status="expired"}).
  const store = countingExpired(createWorkStore(db), metrics);
  const base = settings.TASK_QUEUE;
  const cancels = createCancelBus(settings.REDIS_URL, redisPrefix(base, settings.DATABASE_URL), log);
  const publisher = tracePublisher(createAmqpPublisher(settings.RABBITMQ_URL, base, log), base);
  const progress = createProgressBuffer({
    store,
    owner: settings.CONSUMER_ID,
    intervalMs: settings.PROGRESS_INTERVAL_MS,
    log,
  });

  const runner = createTaskRunner({
    definitions,
    outputMaxBytes: settings.TASK_OUTPUT_MAX_BYTES,
    progress,
    log,
  });
  const ledgered = settings.WORK_LEDGER_FILE
    ? withWorkLedger(runner, settings.WORK_LEDGER_FILE, settings.CONSUMER_ID)
    : runner;
  const byType = new Map(definitions.map((d) => [d.type, d]));
  // Concurrency and rate limits of the types that declare them (limits/): their deliveries pass a
  // gate before the claim; other types keep the plain path. A release wakes held tasks and kicks
  // the publish loop (the reconciler, started below).
  let kickPublish = () => {};
  const limits = limitsOfRuntime({ definitions, settings, db, kick: () => kickPublish(), metrics, log });
  const leaseLapse = { graceMs: settings.LEASE_GRACE_MS, maxLosses: settings.MAX_LEASE_LOSSES };
  // One view of database outages for the claimer and the reconciler: after one, neither touches a
  // lapsed lease until the grace has passed (owners renew and settle first). While this process
  // cannot reach the database it unsubscribes from its queues, so the broker hands the messages to
  // consumers that can claim them instead of this one hoarding up to PREFETCH of them; the
  // reconciler's next pass that reaches the database subscribes it again.
  let consumers: AmqpConsumer[] = [];
  const outage = createOutageHoldOff(leaseLapse.graceMs, undefined, (unavailable) => {
    log.warn(
      { unavailable },
      unavailable ? "database unavailable: not consuming" : "database back: consuming",
    );
    for (const consumer of consumers) void consumer.sync();
  });
  const worker = createWorkerLoop({
    store: tracing.store(store),
    flagged: (ids) => cancels.flagged(ids),
    work: tracing.work(limits.guard(wrapWork ? wrapWork(ledgered) : ledgered)),
    metrics,
    log,
    traceIdOf: tracing.traceIdOf,
    paused: () => processing.paused,
    outage,
    backoffOf: (type) => {
      const retry = byType.get(type)?.retry;
      return (
        retry && {
          baseMs: retry.backoffMs ?? settings.RETRY_BASE_MS,
          maxMs: retry.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS,
        }
      );
    },
    config: {
      owner: settings.CONSUMER_ID,
      leaseMs: settings.LEASE_MS,
      leaseLapse,
      batchSize: settings.BATCH_SIZE,
      batchWindowMs: settings.BATCH_WINDOW_MS,
      backoffBaseMs: settings.RETRY_BASE_MS,
      shutdownGraceMs: settings.SHUTDOWN_GRACE_MS,
    },
  });
  await cancels.subscribe((id, requestedAt) => worker.cancel(id, requestedAt));

  const accepts = new Map(definitions.map((d) => [d.type, limits.acceptorFor(d.type, worker.accept)]));
  // One consumer (connection and channel) per type: types never wait on each other's prefetch.
  consumers = await Promise.all(
    definitions.map((definition) =>
      waitFor("rabbitmq", redact(settings.RABBITMQ_URL), settings.STARTUP_TIMEOUT_MS, log, () =>
        startAmqpConsumer({
          url: settings.RABBITMQ_URL,
          queue: queueForType(base, definition.type),
          deadLetterOf: base,
          prefetch: definition.concurrency ?? settings.PREFETCH,
          log,
          onDelivery: (delivery, headers) => accepts.get(definition.type)!(tracing.track(delivery, headers)),
          paused: () => processing.paused || outage.unavailable(),
        }),
      ),
    ),
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
      for (const consumer of consumers) void consumer.sync();
    },
  });
  metrics.processingPaused.set(processing.paused ? 1 : 0);
  const reconciler = startReconciler({
    store,
    publisher,
    metrics,
    log,
    intervalMs: settings.RECONCILE_INTERVAL_MS,
    publishGraceMs: settings.PUBLISH_GRACE_MS,
    stalePublishMs: settings.STALE_PUBLISH_MS,
    lapse: leaseLapse,
    outage,
    paused: () => processing.paused,
  });
  kickPublish = () => reconciler.kick();
  // Cron schedules: every worker ticks them, one task per tick however many do; the publish loop
  // (kicked) sends the tasks.
  const scheduler = schedules
    ? startScheduler({
        ticker: createScheduleStore(db),
        log,
        onTicks(made, missed) {
          metrics.scheduleTicks.inc(made);
          if (missed > 0) metrics.scheduleTicksMissed.inc(missed);
        },
        onTasks: () => reconciler.kick(),
        onError: () => metrics.errors.inc({ stage: "schedule" }),
      })
    : null;
  const heartbeat = startHeartbeat({
    id: settings.CONSUMER_ID,
    prefetch: settings.PREFETCH,
    types,
    intervalMs: 5_000,
    inFlight: () => worker.inFlight,
    directory: createConsumerDirectory(db),
    log,
  });
  const depthTimer = setInterval(() => {
    definitions.forEach((definition, i) => {
      const consumer = consumers[i]!;
      const queue = { queue: queueForType(base, definition.type) };
      void consumer.depth().then((depth) => depth !== null && metrics.queueDepth.set(queue, depth));
    });
    void consumers[0]!
      .deadLetterDepth()
      .then((depth) => depth !== null && metrics.deadLetterDepth.set({ queue: base }, depth));
  }, 5_000);
  depthTimer.unref();

  async function health() {
    const postgres = await db.$queryRaw`SELECT 1`.then(
      () => "ok",
      (e: unknown) => `error: ${describeError(e)}`,
    );
    const down = definitions.filter((_, i) => !consumers[i]!.consuming()).map((d) => d.type);
    const rabbitmq =
      down.length === 0
        ? "ok"
        : `error: not consuming ${down.join(", ")} (reconnecting or reopening the channel)`;
    // Redis only speeds up cancels: without it the worker still works, so it does not fail health.
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
      types,
    };
  }

  let stopping: Promise<void> | null = null;
  /**
   * Stops consuming, drains the loop (finish within the grace period, release the rest), then
   * closes every connection. Idempotent; each step runs even if an earlier one failed.
   */
  function stop(): Promise<void> {
    stopping ??= (async () => {
      clearInterval(depthTimer);
      const steps: [string, () => Promise<unknown>][] = [
        ["stop watching the processing switch", () => watch.stop()],
        ["stop consuming", () => Promise.all(consumers.map((c) => c.stopConsuming()))],
        ["drain worker", () => worker.close()],
        ["give limit slots back", () => limits.stop()],
        ["write progress", () => progress.stop()],
        ["stop scheduler", async () => scheduler?.stop()],
        ["stop reconciler", () => reconciler.stop()],
        ["stop heartbeat", () => heartbeat.stop()],
        ["close rabbitmq", () => Promise.all(consumers.map((c) => c.close()))],
        ["close publisher", () => publisher.close()],
        ["close redis", () => cancels.close()],
        ["close postgres", closeDb],
      ];
      for (const [name, step] of steps) {
        await step().catch((err: unknown) => log.error({ err }, `shutdown step failed: ${name}`));
      }
    })();
    return stopping;
  }

  return {
    id: settings.CONSUMER_ID,
    types,
    store,
    worker,
    consumers,
    cancels,
    processing: watch,
    /** True while every type's queue has an open channel. */
    consuming: () => consumers.every((c) => c.consuming()),
    /** True while the Redis breaker of the types' limits is open. */
    limitsUnavailable: () => limits.unavailable(),
    /** True while every type's channel is subscribed (not paused). */
    subscribed: () => consumers.every((c) => c.subscribed()),
    health,
    stop,
  };
}

export type Runtime = Awaited<ReturnType<typeof startRuntime>>;
