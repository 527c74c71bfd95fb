import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

function createWebMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    tasksCreated: new Counter({
      name: "tasks_created_total",
      help: "Tasks created through the API.",
      registers,
    }),
    requestDuration: new Histogram({
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
