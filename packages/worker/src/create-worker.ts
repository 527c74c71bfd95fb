import { createLogger, openMetricsRegistry, startTelemetry, type Telemetry } from "@tps/infra";
import type { Registry, RegistryContentType } from "prom-client";
import type { AnyTaskDefinition, TaskLogger } from "./define-task";
import { type ConsumerMetrics, createConsumerMetrics } from "./metrics";
import { type Runtime, startRuntime } from "./runtime";
import { readWorkerSettings, type WorkerSettings } from "./settings";
import type { WorkFn } from "./work";

export interface WorkerOptions {
  /** The task types this worker runs. */
  tasks: readonly AnyTaskDefinition[];
  /** Default: DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/tps. */
  databaseUrl?: string;
  /** Default: RABBITMQ_URL, else amqp://guest:guest@127.0.0.1:5672. */
  rabbitmqUrl?: string;
  /** Default: REDIS_URL, else redis://127.0.0.1:6379. */
  redisUrl?: string;
  /** The deployment's base queue name (TASK_QUEUE, default task_queue); each type's queue is named after it. */
  queue?: string;
  /** This process's id, unique per start (CONSUMER_ID; default host-pid-random). */
  id?: string;
  /** Unacked messages per type (PREFETCH, default 10,000); a type's `concurrency` takes its place. */
  prefetch?: number;
  /** How long work keeps running after `stop()` before it is given back to the queue (SHUTDOWN_GRACE_MS, default 10 s). */
  shutdownGraceMs?: number;
  /** Largest output stored, bytes of JSON (TASK_OUTPUT_MAX_BYTES, default 256 KiB). */
  outputMaxBytes?: number;
  /** Where the worker logs (pino's call shape); default pino at LOG_LEVEL. */
  logger?: TaskLogger & { child?(bindings: object): TaskLogger };
  /** prom-client registry for the worker's metrics (default a new OpenMetrics registry: `worker.registry`). */
  registry?: Registry<RegistryContentType>;
  /** Where unset options are read from (default process.env). */
  env?: Record<string, string | undefined>;
  /**
   * Run the cron scheduler loop that makes the ticks of `schedules.*` (default true). Any number of
   * processes may: each tick makes one task.
   */
  schedules?: boolean;
}

/** Host hooks for the apps of this repository (the consumer, tests); not part of the public API. */
export interface WorkerHostOptions {
  settings?: Partial<WorkerSettings>;
  metrics?: ConsumerMetrics;
  processingPollMs?: number;
  wrapWork?(work: WorkFn): WorkFn;
  /** Start tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set (hosts with their own set-up leave it off). */
  telemetry?: boolean;
}

export interface Worker {
  /** Registers the types, connects and starts consuming; resolves once every type's queue is consumed. */
  start(): Promise<void>;
  /**
   * Stops taking work, lets running work finish within the grace period, gives the rest back to
   * the queue, settles everything and closes every connection. Idempotent.
   */
  stop(): Promise<void>;
  readonly id: string;
  /** Tasks running now. */
  readonly inFlight: number;
  /** The worker's metrics (Prometheus text via `registry.metrics()`). */
  readonly registry: Registry<RegistryContentType>;
  /** Whether PostgreSQL answers and every type's queue is consumed, with details. */
  health(): Promise<{ ok: boolean; [detail: string]: unknown }>;
}

/** Creates a worker for `options.tasks`; nothing connects before `start()`. */
export function createWorker(options: WorkerOptions): Worker {
  return createHostedWorker(options, { telemetry: true });
}

/** createWorker with the hooks of this repository's own hosts (the consumer app, tests). */
export function createHostedWorker(
  options: WorkerOptions,
  host: WorkerHostOptions = {},
): Worker & { readonly runtime: Runtime | null; readonly metrics: ConsumerMetrics } {
  const env = readWorkerSettings(options.env ?? process.env);
  const settings: WorkerSettings = {
    ...env,
    ...defined({
      DATABASE_URL: options.databaseUrl,
      RABBITMQ_URL: options.rabbitmqUrl,
      REDIS_URL: options.redisUrl,
      TASK_QUEUE: options.queue,
      CONSUMER_ID: options.id,
      PREFETCH: options.prefetch,
      SHUTDOWN_GRACE_MS: options.shutdownGraceMs,
      TASK_OUTPUT_MAX_BYTES: options.outputMaxBytes,
    }),
    ...host.settings,
  };
  const log = options.logger ?? createLogger("worker", settings.LOG_LEVEL);
  const types = options.tasks.map((t) => t.type);
  const metrics =
    host.metrics ?? createConsumerMetrics(options.registry ?? openMetricsRegistry(), false, types);
  let runtime: Runtime | null = null;
  let starting: Promise<void> | null = null;
  let stopped = false;
  let telemetry: Telemetry | null = null;

  return {
    start() {
      if (stopped) return Promise.reject(new Error("this worker was stopped: create a new one"));
      // Before any connection opens, so every span has a provider (OTLP over HTTP).
      if (host.telemetry && settings.OTEL_EXPORTER_OTLP_ENDPOINT && !starting)
        telemetry = startTelemetry("tps-worker", { endpoint: settings.OTEL_EXPORTER_OTLP_ENDPOINT });
      starting ??= startRuntime({
        settings,
        definitions: options.tasks,
        log,
        metrics,
        processingPollMs: host.processingPollMs,
        wrapWork: host.wrapWork,
        schedules: options.schedules,
      }).then((started) => {
        runtime = started;
        metrics.readStateFrom({
          consuming: started.subscribed,
          // Either Redis client: the cancel bus's or the limits' (fail closed while open).
          redisBreakerOpen: () => started.cancels.breakerOpen() || started.limitsUnavailable(),
        });
        if (stopped) void started.stop();
      });
      return starting;
    },
    async stop() {
      stopped = true;
      await starting?.catch(() => {});
      await runtime?.stop();
      await telemetry
        ?.shutdown()
        .catch((err: unknown) => log.warn({ err }, "could not flush the last spans"));
    },
    id: settings.CONSUMER_ID,
    get inFlight() {
      return runtime?.worker.inFlight ?? 0;
    },
    registry: metrics.registry,
    metrics,
    health: () =>
      runtime ? runtime.health() : Promise.resolve({ ok: false, state: stopped ? "stopped" : "not started" }),
    get runtime() {
      return runtime;
    },
  };
}

/** The entries of `values` that are set. */
function defined<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
