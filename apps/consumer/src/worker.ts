import {
  afterFailure,
  backoffDelayMs,
  type ClaimedTask,
  DependencyUnavailableError,
  type Log,
  type Settlement,
  type WorkStore,
} from "@tps/core";
import { type Attempt, createAttemptSet, type StopReason } from "./attempts";
import { createBatcher } from "./batcher";
import type { Delivery } from "./delivery";
import { startLeaseKeeper } from "./lease-keeper";
import type { ConsumerMetrics } from "./metrics";
import { createSettler } from "./settler";
import type { WorkFn } from "./simulated-work";

export type { Delivery } from "./delivery";

export interface WorkerConfig {
  /** Unique per process: the lease owner written on claimed rows. */
  owner: string;
  leaseMs: number;
  batchSize: number;
  batchWindowMs: number;
  backoffBaseMs: number;
  /** How long close() lets running work finish before returning it to the queue. */
  shutdownGraceMs: number;
  /** Pauses between settle retries (a known outcome is retried until written): 200 ms to 5 s by default. */
  settleRetryMinMs?: number;
  settleRetryMaxMs?: number;
}

export interface WorkerDeps {
  store: WorkStore;
  /** Which of these tasks carry a cancel flag (Redis); may fail, which is treated as "none". */
  flagged(ids: readonly number[]): Promise<Set<number>>;
  work: WorkFn;
  metrics: ConsumerMetrics;
  log: Log;
  config: WorkerConfig;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const messageOf = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).slice(0, 2_000);

/**
 * The batch worker: deliveries are claimed in batches (one statement), every claimed task runs
 * concurrently, and finished tasks are settled in batches (one statement, fenced by each attempt's
 * lease token) before their messages are acked. Cancels abort running work; leases are renewed
 * while work runs and until its settle is written, and work whose lease cannot be renewed stops.
 */
export function createWorker(deps: WorkerDeps) {
  const { store, metrics, log, config } = deps;
  const running = createAttemptSet();
  /** Finished, waiting for their settle statement: their leases must not lapse meanwhile. */
  const settling = new Set<Attempt>();
  let closing = false;
  let closed: Promise<void> | null = null;

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

  const settles = createSettler({
    store,
    owner: config.owner,
    batchSize: config.batchSize,
    batchWindowMs: config.batchWindowMs,
    retryMinMs: config.settleRetryMinMs ?? 200,
    retryMaxMs: config.settleRetryMaxMs ?? 5_000,
    settling,
    metrics,
    log,
  });

  const leases = startLeaseKeeper({
    store,
    owner: config.owner,
    leaseMs: config.leaseMs,
    held: () => [...running.values(), ...settling],
    running: () => running.values(),
    onLost(attempt, reason) {
      attempt.lost = reason;
      stopAttempt(attempt, reason);
    },
    metrics,
    log,
  });

  async function claimBatch(deliveries: Delivery[]) {
    if (closing) {
      for (const d of deliveries) d.requeue();
      return;
    }
    const byId = new Map<number, Delivery[]>();
    for (const d of deliveries) byId.set(d.taskId!, [...(byId.get(d.taskId!) ?? []), d]);
    const claimedAt = performance.now();
    let claimed: ClaimedTask[];
    try {
      claimed = await store.claim([...byId.keys()], config.owner, config.leaseMs);
    } catch (error) {
      metrics.errors.inc({ stage: "claim" });
      if (error instanceof DependencyUnavailableError) {
        log.warn({ err: error, count: deliveries.length }, "claim failed; requeueing after a pause");
        await sleep(1_000);
        for (const d of deliveries) d.requeue();
      } else {
        await isolate(error, byId);
      }
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
      start(task, delivery!, claimedAt);
    }
    // A cancel that landed between our claim and registering the task above sent its signal to
    // nobody; its flag is still there.
    if (claimed.length > 0) {
      const flagged = await deps.flagged([...claimedIds]).catch(() => new Set<number>());
      for (const id of flagged) stop(id, "canceled");
    }
  }

  /**
   * The claim statement failed for a reason other than an outage: one message may poison it (a value
   * the statement cannot take). Claim each half on its own, down to single tasks, so only the
   * culprit is held back. A single task failing on its first delivery goes back once (the fault may
   * have passed); failing again, it is dead-lettered. Its task, if it exists, stays in Postgres,
   * where the reconciler republishes it.
   */
  async function isolate(error: unknown, byId: Map<number, Delivery[]>) {
    const ids = [...byId.keys()];
    if (ids.length > 1) {
      const half = Math.ceil(ids.length / 2);
      for (const part of [ids.slice(0, half), ids.slice(half)]) {
        await claimBatch(part.flatMap((id) => byId.get(id)!));
      }
      return;
    }
    for (const d of byId.get(ids[0]!)!) {
      if (d.redelivered) {
        metrics.processed.inc({ status: "dead_lettered" });
        log.error(
          { err: error, taskId: ids[0] },
          "claim keeps failing for this message alone; dead-lettered",
        );
        d.deadLetter();
      } else {
        log.warn({ err: error, taskId: ids[0] }, "claim failed for this message alone; requeued once");
        d.requeue();
      }
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

  function start(task: ClaimedTask, delivery: Delivery, claimedAt: number) {
    const controller = new AbortController();
    const attempt = { task, delivery, controller, leaseConfirmedAt: claimedAt } as Attempt;
    running.add(attempt);
    metrics.inFlight.set(running.size);
    metrics.queueWait.observe(Math.max(0, task.startedAt.getTime() - task.createdAt.getTime()) / 1000);
    const started = performance.now();
    attempt.done = deps.work(task, controller.signal).then(
      () => finish(attempt, null, started),
      (error: unknown) => finish(attempt, error, started),
    );
  }

  function finish(attempt: Attempt, error: unknown, started: number) {
    const { task, controller } = attempt;
    running.delete(attempt);
    metrics.inFlight.set(running.size);
    const seconds = (performance.now() - started) / 1000;
    const reason = controller.signal.aborted ? (controller.signal.reason as StopReason) : null;

    if (reason === "canceled") {
      // The database already says CANCELED (the cancel is written before it is signalled).
      metrics.processed.inc({ status: "canceled" });
      if (attempt.cancelRequestedAt)
        metrics.cancelLatency.observe((Date.now() - attempt.cancelRequestedAt) / 1000);
      attempt.delivery.ack();
      return;
    }
    if (reason === "lease_lost") {
      // Not ours any more (or about to stop being ours): whoever holds the task now, or the
      // reconciler once the lease lapses, carries it on. Not a failure of the work.
      metrics.processed.inc({ status: "lease_lost" });
      attempt.delivery.ack();
      return;
    }
    const lease = { id: task.id, leaseToken: task.leaseToken };
    let settlement: Settlement;
    if (reason === "shutdown") {
      settlement = { ...lease, outcome: "release" };
    } else if (error === null) {
      settlement = { ...lease, outcome: "complete" };
    } else if (afterFailure(task.attempts, task.maxAttempts) === "backoff") {
      const delayMs = backoffDelayMs(task.attempts, config.backoffBaseMs);
      settlement = { ...lease, outcome: "backoff", error: messageOf(error), delayMs };
    } else {
      settlement = { ...lease, outcome: "fail", error: messageOf(error) };
    }
    settles.add({ settlement, attempt, seconds });
  }

  function stopAttempt(attempt: Attempt, reason: StopReason, requestedAt?: number) {
    if (attempt.controller.signal.aborted) return;
    attempt.cancelRequestedAt = requestedAt;
    attempt.controller.abort(reason);
  }

  function stop(id: number, reason: StopReason, requestedAt?: number) {
    for (const attempt of running.ofTask(id)) stopAttempt(attempt, reason, requestedAt);
  }

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
    /** Extends our leases now; work whose task is no longer ours stops. */
    renewLeases: () => leases.renew(),
    get inFlight() {
      return running.size;
    },
    /**
     * Stops taking work, lets running work finish within the grace period, returns the rest to the
     * queue (released in the database, requeued on the broker), and settles everything. Leases are
     * renewed until the last settle is written, or until half a lease after the grace period, when
     * unwritten settles are given up (their messages requeued).
     */
    close() {
      closing = true;
      closed ??= (async () => {
        await claims.drain();
        const all = Promise.all([...running.values()].map((r) => r.done));
        const timedOut = await Promise.race([
          all.then(() => false),
          sleep(config.shutdownGraceMs).then(() => true),
        ]);
        if (timedOut) {
          for (const attempt of running.values()) stopAttempt(attempt, "shutdown");
          await all;
        }
        const giveUp = setTimeout(() => settles.giveUp(), Math.floor(config.leaseMs / 2));
        await settles.drain();
        clearTimeout(giveUp);
        leases.stop();
      })();
      return closed;
    },
  };
}

export type Worker = ReturnType<typeof createWorker>;
