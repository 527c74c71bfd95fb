import { openMetricsRegistry, TracedHistogram } from "@tps/infra";
import { Counter, collectDefaultMetrics, Gauge, Histogram } from "prom-client";

function createWebMetrics() {
  // OpenMetrics, so request durations can carry the trace id of a sampled request as an exemplar.
  const registry = openMetricsRegistry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  /** Breakers read at scrape time, by the Redis client they guard (see `readBreaker`). */
  const breakers = new Map<string, () => boolean>();
  return {
    registry,
    breakerOpen: new Gauge({
      name: "tps_dependency_breaker_open",
      help: "1 while the circuit breaker in front of a dependency's client is open (calls fail fast until a probe answers), else 0.",
      labelNames: ["dependency", "client"] as const,
      registers,
      collect() {
        for (const [client, open] of breakers) this.set({ dependency: "redis", client }, open() ? 1 : 0);
      },
    }),
    /** Reports the Redis breaker of `client` (e.g. "cancel_signals") on tps_dependency_breaker_open. */
    readBreaker(client: string, open: () => boolean) {
      breakers.set(client, open);
    },
    tasksCreated: new Counter({
      name: "tasks_created_total",
      help: "Tasks created through the API.",
      registers,
    }),
    createBatchTasks: new Histogram({
      name: "task_create_batch_tasks",
      help: "Tasks per shared insert: concurrent creates go to the database together (group commit).",
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 10000],
      registers,
    }),
    requestsShed: new Counter({
      name: "api_requests_shed_total",
      help: "API requests answered 503 at once because API_MAX_IN_FLIGHT requests were in flight.",
      registers,
    }),
    requestDuration: new TracedHistogram({
      name: "trpc_request_duration_seconds",
      help: "tRPC procedure duration by procedure and outcome.",
      labelNames: ["procedure", "outcome"] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
  };
}

// One registry per server process, even when Next loads this module in several route bundles.
const holder = globalThis as typeof globalThis & { __tpsWebMetrics?: ReturnType<typeof createWebMetrics> };
holder.__tpsWebMetrics ??= createWebMetrics();
export const webMetrics = holder.__tpsWebMetrics;
