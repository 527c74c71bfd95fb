import { TASK_STATUSES, type TaskTypeInfo } from "@tps/core";
import { Gauge, type Registry, type RegistryContentType } from "prom-client";

export interface TaskTypeGaugeOptions {
  /** The registered types with their workers and counts (taskTypes.list): one query. */
  list(): Promise<readonly TaskTypeInfo[]>;
  /** Scrapes within this long of the last read share it (default 5 s): a scrape storm costs one query. */
  cacheMs?: number;
  /** How long a scrape waits for a read under way before it reports the previous one (default 1 s). */
  waitMs?: number;
  /** A failed read: its series are dropped until the next read succeeds. */
  onError?(error: unknown): void;
  now?(): number;
}

/**
 * `task_type_workers_online{task_type}` and `task_type_tasks{task_type,status}`, computed at scrape
 * time from the registered types. A slow database never holds a scrape past `waitMs` (it gets the
 * previous read), and a failed read drops the series instead of failing the whole scrape. In the
 * API server's cluster every worker reports the same read, so their sums take the max, not the sum.
 */
export function registerTaskTypeGauges(
  registry: Registry<RegistryContentType>,
  { list, cacheMs = 5_000, waitMs = 1_000, onError, now = Date.now }: TaskTypeGaugeOptions,
) {
  let latest: readonly TaskTypeInfo[] = [];
  let readAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<void> | null = null;

  const current = async (): Promise<readonly TaskTypeInfo[]> => {
    if (reading === null && now() - readAt >= cacheMs) {
      reading = list()
        .then(
          (types) => {
            latest = types;
          },
          (error: unknown) => {
            latest = [];
            onError?.(error);
          },
        )
        .finally(() => {
          readAt = now();
          reading = null;
        });
    }
    if (reading !== null) await waitAtMost(reading, waitMs);
    return latest;
  };

  const registers = [registry];
  new Gauge({
    name: "task_type_workers_online",
    help: "Worker processes serving each registered task type now (heartbeat within the liveness window).",
    labelNames: ["task_type"] as const,
    registers,
    aggregator: "max",
    async collect() {
      const types = await current();
      this.reset();
      for (const t of types) this.set({ task_type: t.type }, t.workersOnline);
    },
  });
  new Gauge({
    name: "task_type_tasks",
    help: "Tasks of each registered task type, by status.",
    labelNames: ["task_type", "status"] as const,
    registers,
    aggregator: "max",
    async collect() {
      const types = await current();
      this.reset();
      for (const t of types) {
        for (const status of TASK_STATUSES) this.set({ task_type: t.type, status }, t.counts[status] ?? 0);
      }
    },
  });
}

function waitAtMost(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
