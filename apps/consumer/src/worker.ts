import {
  afterFailure,
  backoffDelayMs,
  type ClaimedTask,
  type Log,
  type Settlement,
  type WorkStore,
} from "@tps/core";
import pRetry from "p-retry";
import { createBatcher } from "./batcher";
import type { ConsumerMetrics } from "./metrics";
import type { WorkFn } from "./simulated-work";

/** One message from the broker, reduced to what the worker decides about it. */
export interface Delivery {
  /** The task id, or null when the message is malformed. */
  taskId: number | null;
  /** The message's headers (the publisher's trace context travels in `traceparent`). */
  headers?: Record<string, unknown>;
  ack(): void;
  /** Back to the queue (shutdown, or the database is down). */
  requeue(): void;
  /** To the dead-letter queue (malformed, unknown task). */
  deadLetter(): void;
}

export interface WorkerConfig {
  /** Unique per process: the lease owner written on claimed rows. */
  owner: string;
  leaseMs: number;
  batchSize: number;
  batchWindowMs: number;
  backoffBaseMs: number;
  /** How long close() lets running work finish before returning it to the queue. */
  shutdownGraceMs: number;
}

export interface WorkerDeps {
  store: WorkStore;
  /** Which of these tasks carry a cancel flag (Redis); may fail, which is treated as "none". */
  flagged(ids: readonly number[]): Promise<Set<number>>;
  work: WorkFn;
  metrics: ConsumerMetrics;
  log: Log;
  config: WorkerConfig;
  /** The trace of a task's work, recorded as the exemplar of its latency observations. */
  traceIdOf?(taskId: number): string | undefined;
}

interface Running {
  task: ClaimedTask;
  delivery: Delivery;
  controller: AbortController;
  done: Promise<void>;
  cancelRequestedAt?: number;
}

interface Finished {
  settlement: Settlement;
  running: Running;
  seconds: number;
}

type StopReason = "canceled" | "shutdown";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const messageOf = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).slice(0, 2_000);

/**
 * The batch worker: deliveries are claimed in batches (one statement), every claimed task runs
 * concurrently, and finished tasks are settled in batches (one statement) before their messages
 * are acked. Cancels abort running work; leases are renewed while work runs.
 */
export function createWorker(deps: WorkerDeps) {
  const { store, metrics, log, config } = deps;
  const running = new Map<number, Running>();
  /** Finished, waiting for their settle statement: their leases must not lapse meanwhile. */
  const settling = new Set<number>();
  let closing = false;

  const claims = createBatcher<Delivery>({
    maxSize: config.batchSize,
    maxWaitMs: config.batchWindowMs,
    flush: claimBatch,
    onError(error, deliveries) {
      metrics.errors.inc({ stage: "claim" });
      log.error({ err: error, count: deliveries.length }, "claim batch failed; messages requeued");
      for (const d of deliveries) d.requeue();
    },
  });

  const settles = createBatcher<Finished>({
    maxSize: config.batchSize,
    maxWaitMs: config.batchWindowMs,
    flush: settleBatch,
    onError(error, items) {
      metrics.errors.inc({ stage: "settle" });
      log.error(
        { err: error, count: items.length },
        "settle batch failed; messages requeued, leases will lapse",
      );
      for (const item of items) item.running.delivery.requeue();
    },
  });

  async function claimBatch(deliveries: Delivery[]) {
    if (closing) {
      for (const d of deliveries) d.requeue();
      return;
    }
    const byId = new Map<number, Delivery[]>();
    for (const d of deliveries) byId.set(d.taskId!, [...(byId.get(d.taskId!) ?? []), d]);
    let claimed: ClaimedTask[];
    try {
      claimed = await store.claim([...byId.keys()], config.owner, config.leaseMs);
    } catch (error) {
      metrics.errors.inc({ stage: "claim" });
      log.warn({ err: error, count: deliveries.length }, "claim failed; requeueing after a pause");
      await sleep(1_000);
      for (const d of deliveries) d.requeue();
      return;
    }
    metrics.batchSize.observe({ kind: "claim" }, claimed.length);
    metrics.processed.inc({ status: "received" }, claimed.length);

    const claimedIds = new Set(claimed.map((t) => t.id));
    const unclaimed = [...byId.keys()].filter((id) => !claimedIds.has(id));
    if (unclaimed.length > 0) await dropUnclaimed(unclaimed, byId);

    for (const task of claimed) {
      const [delivery, ...duplicates] = byId.get(task.id)!;
      for (const d of duplicates) d.ack();
      start(task, delivery!);
    }
    // A cancel that landed between our claim and registering the task above sent its signal to
    // nobody; its flag is still there.
    if (claimed.length > 0) {
      const flagged = await deps.flagged([...claimedIds]).catch(() => new Set<number>());
      for (const id of flagged) stop(id, "canceled");
    }
  }

  /** Not claimable: finished, cancelled, held by a live consumer (ack: nothing to do), or unknown. */
  async function dropUnclaimed(ids: number[], byId: Map<number, Delivery[]>) {
    // If the lookup fails, assume they exist: acking a stale duplicate loses nothing.
    const existing = new Set(await store.existingIds(ids).catch(() => ids));
    for (const id of ids) {
      for (const d of byId.get(id)!) {
        if (existing.has(id)) {
          d.ack();
        } else {
          metrics.processed.inc({ status: "dead_lettered" });
          log.warn({ taskId: id }, "message for an unknown task dead-lettered");
          d.deadLetter();
        }
      }
    }
  }

  function start(task: ClaimedTask, delivery: Delivery) {
    const controller = new AbortController();
    const entry = { task, delivery, controller } as Running;
    running.set(task.id, entry);
    metrics.inFlight.set(running.size);
    metrics.queueWait.observe(Math.max(0, task.startedAt.getTime() - task.createdAt.getTime()) / 1000);
    const started = performance.now();
    entry.done = deps.work(task, controller.signal).then(
      () => finish(entry, null, started),
      (error: unknown) => finish(entry, error, started),
    );
  }

  function finish(entry: Running, error: unknown, started: number) {
    const { task, controller } = entry;
    running.delete(task.id);
    metrics.inFlight.set(running.size);
    const seconds = (performance.now() - started) / 1000;
    const reason = controller.signal.aborted ? (controller.signal.reason as StopReason) : null;

    if (reason === "canceled") {
      // The database already says CANCELED (the cancel is written before it is signalled).
      metrics.processed.inc({ status: "canceled" });
      if (entry.cancelRequestedAt)
        metrics.cancelLatency.observe((Date.now() - entry.cancelRequestedAt) / 1000);
      entry.delivery.ack();
      return;
    }
    let settlement: Settlement;
    if (reason === "shutdown") {
      settlement = { id: task.id, outcome: "release" };
    } else if (error === null) {
      settlement = { id: task.id, outcome: "complete" };
    } else if (afterFailure(task.attempts, task.maxAttempts) === "backoff") {
      const availableAt = new Date(Date.now() + backoffDelayMs(task.attempts, config.backoffBaseMs));
      settlement = { id: task.id, outcome: "backoff", error: messageOf(error), availableAt };
    } else {
      settlement = { id: task.id, outcome: "fail", error: messageOf(error) };
    }
    settling.add(task.id);
    settles.add({ settlement, running: entry, seconds });
  }

  async function settleBatch(items: Finished[]) {
    try {
      await settleOnce(items);
    } finally {
      for (const item of items) settling.delete(item.settlement.id);
    }
  }

  async function settleOnce(items: Finished[]) {
    const settled = await pRetry(
      () =>
        store.settle(
          items.map((i) => i.settlement),
          config.owner,
        ),
      {
        retries: 5,
        minTimeout: 200,
        maxTimeout: 3_000,
        onFailedAttempt: ({ error, attemptNumber }) => {
          metrics.errors.inc({ stage: "settle" });
          log.warn({ err: error, attemptNumber, count: items.length }, "settle failed; retrying");
        },
      },
    );
    metrics.batchSize.observe({ kind: "settle" }, items.length);
    const written = new Map(settled.map((s) => [s.id, s]));
    for (const { settlement, running: entry, seconds } of items) {
      const row = written.get(settlement.id);
      const trace = deps.traceIdOf?.(settlement.id);
      if (!row) {
        // Refused by the conditional write: the task was cancelled while the work finished.
        metrics.processed.inc({ status: "canceled" });
        entry.delivery.ack();
        continue;
      }
      switch (row.outcome) {
        case "complete":
          metrics.processed.inc({ status: "success" });
          metrics.processing.observe({ outcome: "success" }, seconds, trace);
          if (row.finishedAt) {
            metrics.execution.observe(
              {},
              (row.finishedAt.getTime() - entry.task.createdAt.getTime()) / 1000,
              trace,
            );
          }
          break;
        case "fail":
          metrics.processed.inc({ status: "failed" });
          metrics.processing.observe({ outcome: "failed" }, seconds, trace);
          break;
        case "backoff":
          metrics.processed.inc({ status: "backoff" });
          metrics.processing.observe({ outcome: "backoff" }, seconds, trace);
          break;
        case "release":
          metrics.processed.inc({ status: "released" });
          break;
      }
      if (row.outcome === "release") entry.delivery.requeue();
      else entry.delivery.ack();
    }
  }

  function stop(id: number, reason: StopReason, requestedAt?: number) {
    const entry = running.get(id);
    if (!entry || entry.controller.signal.aborted) return;
    entry.cancelRequestedAt = requestedAt;
    entry.controller.abort(reason);
  }

  /** Extends our leases; a task we no longer hold was cancelled (or taken over): stop its work. */
  async function renewLeases() {
    const ids = [...running.keys(), ...settling];
    if (ids.length === 0) return;
    try {
      const held = new Set(await store.renewLeases(ids, config.owner, config.leaseMs));
      for (const id of ids) if (!held.has(id)) stop(id, "canceled");
    } catch (error) {
      metrics.errors.inc({ stage: "lease" });
      log.warn({ err: error, count: ids.length }, "lease renewal failed");
    }
  }

  const renewTimer = setInterval(() => void renewLeases(), Math.max(50, Math.floor(config.leaseMs / 3)));
  renewTimer.unref();

  return {
    /** Hands a delivery to the worker. */
    accept(delivery: Delivery) {
      if (closing) return delivery.requeue();
      if (delivery.taskId === null) {
        metrics.processed.inc({ status: "dead_lettered" });
        log.warn({}, "malformed message dead-lettered");
        return delivery.deadLetter();
      }
      claims.add(delivery);
    },
    /** A cancel signal arrived for `id` (requested at `requestedAt`, epoch ms, if known). */
    cancel(id: number, requestedAt?: number) {
      stop(id, "canceled", requestedAt);
    },
    renewLeases,
    get inFlight() {
      return running.size;
    },
    /**
     * Stops taking work, lets running work finish within the grace period, returns the rest to the
     * queue (released in the database, requeued on the broker), and settles everything.
     */
    async close() {
      if (closing) return;
      closing = true;
      clearInterval(renewTimer);
      await claims.drain();
      const all = Promise.all([...running.values()].map((r) => r.done));
      const timedOut = await Promise.race([
        all.then(() => false),
        sleep(config.shutdownGraceMs).then(() => true),
      ]);
      if (timedOut) {
        for (const id of running.keys()) stop(id, "shutdown");
        await all;
      }
      await settles.drain();
    },
  };
}

export type Worker = ReturnType<typeof createWorker>;
