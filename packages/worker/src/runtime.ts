import type { Log } from "@tps/core";
import {
  createAmqpPublisher,
  createCancelBus,
  createConsumerDirectory,
  createProcessingControl,
  createScheduleStore,
  createWorkStore,
  queueForType,
  redisPrefix,
  tracePublisher,
  tracingEnabled,
} from "@tps/infra";
import { type AmqpConsumer, startAmqpConsumer } from "./amqp-consumer";
import type { AnyTaskDefinition } from "./define-task";
import { startHeartbeat } from "./heartbeat";
import { limitsOfRuntime } from "./limits";
import { backoffOfDefinitions, loopConfigOf } from "./loop-settings";
import type { ConsumerMetrics } from "./metrics";
import { createOutageHoldOff } from "./outage-hold-off";
import { readProcessingSwitch, startProcessingWatch } from "./processing-watch";
import { createProgressBuffer } from "./progress-buffer";
import { startQueueDepthGauges } from "./queue-depth-gauges";
import { countingExpired, startReconciler } from "./reconciler";
import { registrationOf } from "./registration";
import { checkDefinitions, openWorkerDatabase } from "./runtime-database";
import { createHealthCheck } from "./runtime-health";
import { sequentialShutdown } from "./runtime-shutdown";
import { startScheduler } from "./scheduler";
import type { WorkerSettings } from "./settings";
import { createTaskRunner } from "./task-runner";
import { createTaskTracing } from "./task-tracing";
import { redact, waitFor } from "./wait-for";
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
  const types = checkDefinitions(definitions);
  const db = await openWorkerDatabase(settings, definitions.map(registrationOf), log);
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
    backoffOf: backoffOfDefinitions(definitions, settings),
    config: loopConfigOf(settings, leaseLapse),
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
  const stopDepthGauges = startQueueDepthGauges(
    definitions.map((d) => queueForType(base, d.type)),
    consumers,
    base,
    metrics,
  );
  const health = createHealthCheck({
    queryDatabase: () => db.$queryRaw`SELECT 1`,
    types,
    consumers: () => consumers,
    pingRedis: () => cancels.ping(),
    processing: () => watch.state,
    inFlight: () => worker.inFlight,
  });

  /**
   * Stops consuming, drains the loop (finish within the grace period, release the rest), then
   * closes every connection. Idempotent; each step runs even if an earlier one failed.
   */
  const stop = sequentialShutdown(
    () => [
      ["stop queue depth gauges", async () => stopDepthGauges()],
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
      ["close postgres", () => db.$disconnect()],
    ],
    log,
  );

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
