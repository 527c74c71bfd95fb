import { openMetricsRegistry, TracedHistogram } from "@tps/infra";
import {
  Counter,
  collectDefaultMetrics,
  Gauge,
  Histogram,
  type Registry,
  type RegistryContentType,
} from "prom-client";

/** Buckets around the default 3 s of work, out to ten minutes of backlog. */
const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 3.5, 4, 5, 7.5, 10, 15, 30, 60, 120, 300, 600];

const PROCESSED_STATUSES = [
  "received",
  "success",
  "canceled",
  "failed",
  "backoff",
  "released",
  "dead_lettered",
  /** The attempt's lease was lost (reaped, taken over, or not renewable): stopped, not a work failure. */
  "lease_lost",
  /** Not started before its expiresAt (ttlMs): CANCELED as expired, never run. */
  "expired",
];
const ERROR_STAGES = ["claim", "settle", "lease", "reconcile", "retention", "schedule"];
/** lease_released, lease_failed (reaped) and lease_taken_over (claimed again): lease losses, not failures. */
const RECONCILE_ACTIONS = [
  "republished",
  "lease_released",
  "lease_failed",
  "lease_taken_over",
  "lost_message_republished",
];

/**
 * The consumer's metrics. Names are a contract with the Grafana dashboards and alert rules:
 * `tasks_processed_total{status}` and `task_execution_seconds` keep the names and meaning the
 * dashboards' two contract queries rely on. In an OpenMetrics registry (the default) the latency
 * histograms carry the task's trace id as an exemplar.
 */
export function createConsumerMetrics(
  registry: Registry<RegistryContentType> = openMetricsRegistry(),
  withDefaults = false,
  /** The task types this process serves: their series exist from the start at 0. */
  types: readonly string[] = [],
) {
  if (withDefaults) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  // State read at scrape time from the running worker (createHostedWorker sets it once started).
  const state = { consuming: () => false, redisBreakerOpen: () => false };
  // Every metric registers in this registry, and the latency histograms share their buckets: these
  // keep each definition down to what tells it apart (name, help, labels).
  const counter = <T extends string = string>(name: string, help: string, labelNames: readonly T[] = []) =>
    new Counter<T>({ name, help, labelNames, registers });
  const gauge = <T extends string = string>(name: string, help: string, labelNames: readonly T[] = []) =>
    new Gauge<T>({ name, help, labelNames, registers });
  const latency = <T extends string = string>(name: string, help: string, labelNames: readonly T[] = []) =>
    new TracedHistogram<T>({ name, help, labelNames, buckets: LATENCY_BUCKETS, registers });
  const metrics = {
    registry,
    processed: counter(
      "tasks_processed_total",
      "Tasks by processing outcome (received = claimed for work) and task type.",
      ["status", "task_type"],
    ),
    execution: latency(
      "task_execution_seconds",
      "Task life-cycle, created to finished (the latency users feel), by task type.",
      ["task_type"],
    ),
    processing: latency("task_processing_seconds", "Time working on a task, started to finished.", [
      "outcome",
    ]),
    queueWait: latency(
      "task_queue_wait_seconds",
      "Time a task waited before work started, created (or re-queued) to claimed.",
    ),
    cancelLatency: new Histogram({
      name: "task_cancel_latency_seconds",
      help: "Cancel requested to running work stopped.",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    batchSize: new Histogram({
      name: "consumer_batch_size",
      help: "Tasks per batched database statement.",
      labelNames: ["kind"] as const,
      buckets: [1, 2, 5, 10, 25, 50, 100, 200, 500, 1000],
      registers,
    }),
    inFlight: gauge("consumer_tasks_in_flight", "Tasks being worked on now."),
    processingPaused: gauge(
      "tasks_processing_paused",
      "1 while processing is paused (an admin's switch: no new claims), else 0.",
    ),
    queueDepth: gauge(
      "task_queue_depth",
      "Messages ready in the task queue and its priority lane (as the broker reports them).",
      ["queue"],
    ),
    deadLetterDepth: gauge(
      "task_dead_letter_depth",
      "Messages in the dead-letter queue (malformed, unknown task, over the delivery limit).",
      ["queue"],
    ),
    oldestPendingAge: gauge(
      "tasks_oldest_pending_age_seconds",
      "How long the longest-waiting due PENDING task has been due (0 when none is).",
    ),
    dueNotStarted: gauge(
      "tasks_due_not_started",
      "PENDING tasks due more than a second ago, not started and not held by a limit (counted up to 1,000).",
    ),
    processingPastLease: gauge(
      "tasks_processing_past_lease",
      "PROCESSING tasks whose lease lapsed and that no reconciler has recovered yet.",
    ),
    reconcilerLastSuccess: gauge(
      "consumer_reconciler_last_success_timestamp_seconds",
      "When this consumer's reconciler last finished a lease-recovery pass (Unix time).",
    ),
    reconciled: counter(
      "consumer_reconciled_total",
      "Tasks the reconciler acted on: republished, lease_released, lease_failed, lease_taken_over (a claim), lost_message_republished.",
      ["action"],
    ),
    purged: counter("tasks_purged_total", "Finished tasks deleted by retention (with their timelines)."),
    consuming: new Gauge({
      name: "tps_consumer_consuming",
      help: "1 while every task type this process serves has an open channel with an active broker consumer, else 0 (also while paused on purpose: see tasks_processing_paused).",
      registers,
      collect() {
        this.set(state.consuming() ? 1 : 0);
      },
    }),
    breakerOpen: new Gauge({
      name: "tps_dependency_breaker_open",
      help: "1 while the circuit breaker in front of a dependency is open (calls fail fast until a probe answers), else 0.",
      labelNames: ["dependency"] as const,
      registers,
      collect() {
        this.set({ dependency: "redis" }, state.redisBreakerOpen() ? 1 : 0);
      },
    }),
    /** Where `consuming` and `breakerOpen` read from at each scrape. */
    readStateFrom(from: Partial<typeof state>) {
      Object.assign(state, from);
    },
    scheduleTicks: counter("schedule_ticks_total", "Cron schedule ticks this process made (one task each)."),
    scheduleTicksMissed: counter(
      "schedule_ticks_missed_total",
      "Cron schedule ticks skipped in a downtime (one catch-up task stood for them).",
    ),
    limitDecisions: counter(
      "task_limit_decisions_total",
      "Limit checks before a claim, by task type, limit (concurrency, rate) and outcome: acquired, held (over the limit: waits PENDING), unavailable (Redis out of reach: held, fail closed).",
      ["type", "limit", "outcome"],
    ),
    waitingOnLimits: gauge(
      "tasks_waiting_on_limits",
      "PENDING tasks held back by a limit of their type (concurrency, rate), read every 5 s.",
      ["type", "limit"],
    ),
    errors: counter("consumer_errors_total", "Errors the consumer survived, by where they happened.", [
      "stage",
    ]),
  };
  // Every known series exists from the start at 0, so rates and alerts work before the first event.
  for (const status of PROCESSED_STATUSES) metrics.processed.inc({ status }, 0);
  for (const task_type of types)
    for (const status of PROCESSED_STATUSES) metrics.processed.inc({ status, task_type }, 0);
  for (const stage of ERROR_STAGES) metrics.errors.inc({ stage }, 0);
  for (const action of RECONCILE_ACTIONS) metrics.reconciled.inc({ action }, 0);
  return metrics;
}

export type ConsumerMetrics = ReturnType<typeof createConsumerMetrics>;
