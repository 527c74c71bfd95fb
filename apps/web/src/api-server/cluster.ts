/**
 * API_WORKERS > 1: the API server as a node:cluster. The primary forks the workers (they share
 * API_PORT, the kernel spreads connections), replaces one that dies, stops them all on SIGTERM, and
 * answers the workers' requests for metrics summed over every worker (prom-client's aggregator),
 * so a scrape of /api/metrics counts the whole server, whichever worker takes it.
 */
import cluster from "node:cluster";
import { AggregatorRegistry, type Registry, type RegistryContentType } from "prom-client";

const METRICS_REQUEST = "tps:cluster-metrics";
const RESTART_DELAY_MS = 1_000;
const STOP_TIMEOUT_MS = 12_000;

interface MetricsMessage {
  type: typeof METRICS_REQUEST;
  id: number;
  text?: string;
  contentType?: string;
}
const isMetricsMessage = (m: unknown): m is MetricsMessage =>
  typeof m === "object" && m !== null && (m as { type?: unknown }).type === METRICS_REQUEST;

type Log = { info(o: object, m: string): void; warn(o: object, m: string): void };

export function runClusterPrimary(workers: number, log: Log) {
  const aggregator = new AggregatorRegistry();
  let stopping = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < workers; i++) fork();

  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    log.warn({ pid: worker.process.pid, code, signal }, "API worker exited; starting another");
    setTimeout(fork, RESTART_DELAY_MS);
  });
  cluster.on("message", (worker, message: unknown) => {
    if (!isMetricsMessage(message)) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ ...message, text, contentType: aggregator.contentType }),
      () => worker.send({ ...message }),
    );
  });

  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, workers }, "API server stopping its workers");
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    setTimeout(() => process.exit(1), STOP_TIMEOUT_MS).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

/** True in a worker of the API server's cluster. */
export const inClusterWorker = () => cluster.isWorker;

/** A worker's metrics registry joins the primary's sums (constructing one makes the worker answer). */
export function shareMetrics(registry: Registry<RegistryContentType>) {
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries(registry as Registry);
}

let nextId = 0;
/** Metrics summed over every worker, from the primary; null if it does not answer within 3 s. */
export function clusterMetrics(): Promise<{ text: string; contentType: string } | null> {
  const id = ++nextId;
  return new Promise((resolve) => {
    const done = (value: { text: string; contentType: string } | null) => {
      clearTimeout(timer);
      process.off("message", onMessage);
      resolve(value);
    };
    const onMessage = (message: unknown) => {
      if (!isMetricsMessage(message) || message.id !== id) return;
      done(
        message.text && message.contentType ? { text: message.text, contentType: message.contentType } : null,
      );
    };
    const timer = setTimeout(() => done(null), 3_000);
    process.on("message", onMessage);
    process.send?.({ type: METRICS_REQUEST, id });
  });
}
