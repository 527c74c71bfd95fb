import { InMemoryTaskStore, MemoryLog } from "@tps/core/testing";
import { Registry } from "prom-client";
import { afterEach, beforeEach } from "vitest";
import { createConsumerMetrics } from "./metrics";
import { createSimulatedWork } from "./simulated-work";
import { fakeDelivery } from "./testing";
import type { WorkFn } from "./work";
import { createWorkerLoop, type WorkerConfig, type WorkerDeps, type WorkerLoop } from "./worker-loop";

export const config: WorkerConfig = {
  owner: "consumer-a",
  leaseMs: 60_000,
  batchSize: 50,
  batchWindowMs: 5,
  backoffBaseMs: 1_000,
  shutdownGraceMs: 1_000,
};

/**
 * Registers an afterEach that closes every worker loop the test started, and returns the function
 * that starts one: with fresh metrics and a log that keeps to itself unless the test passes its own.
 */
export function useTestWorkerLoops() {
  const workers: WorkerLoop[] = [];
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.close()));
  });
  return (deps: Omit<WorkerDeps, "metrics" | "log"> & Partial<Pick<WorkerDeps, "metrics" | "log">>) => {
    const w = createWorkerLoop({
      metrics: createConsumerMetrics(new Registry()),
      log: new MemoryLog(),
      ...deps,
    });
    workers.push(w);
    return w;
  };
}

/**
 * The setup the worker-loop tests share (worker-loop-*.test.ts): a fresh in-memory store, metrics,
 * cancel flags and a default worker before each test, every worker started closed after it. A test
 * may replace `store` (another clock) before it starts its own worker with `start`.
 */
export function workerLoopHarness() {
  const startLoop = useTestWorkerLoops();
  const h = {
    store: new InMemoryTaskStore(),
    metrics: createConsumerMetrics(new Registry()),
    /** Task ids whose cancel flag is set (what Redis would answer). */
    flags: new Set<number>(),
    /** The worker started before each test, with simulated 30 ms work. */
    worker: undefined as unknown as WorkerLoop,
    start(work: WorkFn = createSimulatedWork(30), overrides: Partial<WorkerConfig> = {}) {
      return startLoop({
        store: h.store,
        flagged: async (ids) => new Set(ids.filter((id) => h.flags.has(id))),
        work,
        metrics: h.metrics,
        config: { ...config, ...overrides },
      });
    },
    /**
     * Inserts one task and hands its delivery to a worker started with `start`'s arguments: how most
     * tests begin. A test that replaces store methods does so before calling it.
     */
    async deliverOne(work?: WorkFn, overrides?: Partial<WorkerConfig>) {
      const [task] = await h.store.insertMany(["a"]);
      const w = h.start(work, overrides);
      const d = fakeDelivery(task!.id);
      w.accept(d);
      return { task: task!, w, d };
    },
    /**
     * Delivers a message for an existing task to a fresh worker: how it was settled, and whether
     * the work ran (a finished or cancelled task's message must be acked without running it).
     */
    async deliverExisting(id: number) {
      let ran = false;
      const w = h.start(async () => {
        ran = true;
      });
      const d = fakeDelivery(id);
      w.accept(d);
      return { settled: await d.settled, ran };
    },
    /** tasks_processed_total for one status. */
    async processed(status: string) {
      return (await h.metrics.processed.get()).values
        .filter((v) => v.labels.status === status)
        .reduce((sum, v) => sum + v.value, 0);
    },
    async status(id: number) {
      return (await h.store.findById(id))?.status;
    },
  };
  beforeEach(() => {
    h.store = new InMemoryTaskStore();
    h.metrics = createConsumerMetrics(new Registry());
    h.flags = new Set();
    h.worker = h.start();
  });
  return h;
}

export async function waitFor(predicate: () => boolean, timeoutMs = 2_000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}
