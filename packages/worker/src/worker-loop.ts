import {
  afterFailure,
  backoffDelayMs,
  type ClaimedTask,
  DEFAULT_LEASE_LAPSE,
  type LeaseLapsePolicy,
  type Log,
  type Settlement,
  toStorableText,
  type WorkStore,
} from "@tps/core";
import { type Attempt, attemptTask, createAttemptSet, type StopReason } from "./attempts";
import { createClaimer } from "./claimer";
import type { Delivery } from "./delivery";
import { abortCodeOf, isNonRetryable, TaskAbortedError } from "./errors";
import { startLeaseKeeper } from "./lease-keeper";
import type { ConsumerMetrics } from "./metrics";
import { createOutageHoldOff, type OutageHoldOff } from "./outage-hold-off";
import { createSettler } from "./settler";
import type { WorkFn, WorkOutput } from "./work";

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
  /** Pauses between claims of a batch held through a database outage: 200 ms to 2 s by default. */
  claimRetryMinMs?: number;
  claimRetryMaxMs?: number;
  /** How long a batch is held through a database outage before it is requeued (default 5 s). */
  claimHoldMs?: number;
  /**
   * Pauses between settle retries (a known outcome is retried until written): 200 ms to 2 s by
   * default. The largest pause stays well under the lease grace (10 s by default), so work that
   * finished during an outage is written before anyone may reap its lapsed lease.
   */
  settleRetryMinMs?: number;
  settleRetryMaxMs?: number;
  /** Lapsed leases a claim may take over: DEFAULT_LEASE_LAPSE (LEASE_GRACE_MS, MAX_LEASE_LOSSES). */
  leaseLapse?: LeaseLapsePolicy;
}

export interface WorkerDeps {
  store: WorkStore;
  /** Which of these tasks carry a cancel flag (Redis); may fail, which is treated as "none". */
  flagged(ids: readonly number[]): Promise<Set<number>>;
  work: WorkFn;
  metrics: ConsumerMetrics;
  log: Log;
  config: WorkerConfig;
  /** True while processing is paused: nothing new is claimed (deliveries go back to the queue). */
  paused?(): boolean;
  /** The trace of a task's work, recorded as the exemplar of its latency observations. */
  traceIdOf?(taskId: number): string | undefined;
  /** A task type's backoff (its definition's retry policy); RETRY_BASE_MS doubling up to a minute otherwise. */
  backoffOf?(type: string): { baseMs: number; maxMs: number } | undefined;
  /** The process's view of database outages, shared with the reconciler (its own by default). */
  outage?: OutageHoldOff;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A handler's error as text the database can store (it may carry anything, U+0000 included). */
const messageOf = (error: unknown) =>
  toStorableText((error instanceof Error ? error.message : String(error)).slice(0, 2_000));

/**
 * The batch worker: deliveries are claimed in batches (one statement), every claimed task runs
 * concurrently, and finished tasks are settled in batches (one statement, fenced by each attempt's
 * lease token) before their messages are acked. Cancels abort running work; leases are renewed
 * while work runs and until its settle is written, and work whose lease cannot be renewed stops.
 */
export function createWorkerLoop(deps: WorkerDeps) {
  const { store, metrics, log, config } = deps;
  const lapse = config.leaseLapse ?? DEFAULT_LEASE_LAPSE;
  const running = createAttemptSet();
  /** Finished, waiting for their settle statement: their leases must not lapse meanwhile. */
  const settling = new Set<Attempt>();
  let closing = false;
  const closingController = new AbortController();
  const paused = () => deps.paused?.() ?? false;
  let closed: Promise<void> | null = null;

  const claims = createClaimer({
    store,
    owner: config.owner,
    leaseMs: config.leaseMs,
    lapse,
    outage: deps.outage ?? createOutageHoldOff(lapse.graceMs),
    batchSize: config.batchSize,
    batchWindowMs: config.batchWindowMs,
    closing: () => closing,
    paused,
    closingSignal: closingController.signal,
    retryMinMs: config.claimRetryMinMs ?? 200,
    retryMaxMs: config.claimRetryMaxMs ?? 2_000,
    holdMs: config.claimHoldMs ?? 5_000,
    flagged: deps.flagged,
    start,
    cancel: (id) => stop(id, "canceled"),
    metrics,
    log,
  });

  const settles = createSettler({
    store,
    owner: config.owner,
    batchSize: config.batchSize,
    batchWindowMs: config.batchWindowMs,
    retryMinMs: config.settleRetryMinMs ?? 200,
    retryMaxMs: config.settleRetryMaxMs ?? 2_000,
    settling,
    metrics,
    log,
    traceIdOf: deps.traceIdOf,
  });

  const leases = startLeaseKeeper({
    store,
    owner: config.owner,
    leaseMs: config.leaseMs,
    held: () => [...running.values(), ...settling],
    running: () => running.values(),
    onLost(attempt, reason, canceledAt) {
      attempt.lost = reason;
      stopAttempt(attempt, reason, canceledAt);
    },
    metrics,
    log,
  });

  /** Runs a claimed task's work. The task itself (with its input) goes to the work, not into the attempt. */
  function start(task: ClaimedTask, delivery: Delivery, claimedAt: number) {
    const controller = new AbortController();
    const attempt: Attempt = {
      task: attemptTask(task),
      delivery,
      controller,
      done: Promise.resolve(), // replaced below: finish() needs the attempt
      leaseConfirmedAt: claimedAt,
      cancelRequestedAt: undefined,
      lost: undefined,
    };
    running.add(attempt);
    metrics.inFlight.set(running.size);
    metrics.queueWait.observe(Math.max(0, task.startedAt.getTime() - task.createdAt.getTime()) / 1000);
    const started = performance.now();
    attempt.done = deps.work(task, controller.signal).then(
      (output) => finish(attempt, null, started, output ?? null),
      (error: unknown) => finish(attempt, error ?? new Error("the work failed without an error"), started),
    );
  }

  function finish(attempt: Attempt, error: unknown, started: number, output: WorkOutput = null) {
    const { task, controller } = attempt;
    running.delete(attempt);
    metrics.inFlight.set(running.size);
    const seconds = (performance.now() - started) / 1000;
    const reason = abortCodeOf(controller.signal);

    if (reason === "canceled") {
      // The database already says CANCELED (the cancel is written before it is signalled).
      metrics.processed.inc({ status: "canceled", task_type: task.type });
      if (attempt.cancelRequestedAt)
        metrics.cancelLatency.observe((Date.now() - attempt.cancelRequestedAt) / 1000);
      attempt.delivery.ack();
      return;
    }
    if (reason === "lease_lost") {
      // Not ours any more (or about to stop being ours): whoever holds the task now, or the
      // reconciler once the lease lapses, carries it on. Not a failure of the work.
      metrics.processed.inc({ status: "lease_lost", task_type: task.type });
      attempt.delivery.ack();
      return;
    }
    const lease = { id: task.id, leaseToken: task.leaseToken };
    let settlement: Settlement;
    if (reason === "shutdown") {
      settlement = { ...lease, outcome: "release" };
    } else if (error === null) {
      settlement = { ...lease, outcome: "complete", output };
    } else if (!isNonRetryable(error) && afterFailure(task.attempts, task.maxAttempts) === "backoff") {
      const policy = deps.backoffOf?.(task.type);
      const delayMs = backoffDelayMs(task.attempts, policy?.baseMs ?? config.backoffBaseMs, policy?.maxMs);
      settlement = { ...lease, outcome: "backoff", error: messageOf(error), delayMs };
    } else {
      settlement = { ...lease, outcome: "fail", error: messageOf(error) };
    }
    settles.add({ settlement, attempt, seconds });
  }

  function stopAttempt(attempt: Attempt, reason: StopReason, requestedAt?: number) {
    if (attempt.controller.signal.aborted) return;
    attempt.cancelRequestedAt = requestedAt;
    // The handler sees this very signal: its reason names why (TaskAbortedError.code).
    attempt.controller.abort(new TaskAbortedError(reason, attempt.task.id));
  }

  function stop(id: number, reason: StopReason, requestedAt?: number) {
    for (const attempt of running.ofTask(id)) stopAttempt(attempt, reason, requestedAt);
  }

  return {
    /** Hands a delivery to the worker. */
    accept(delivery: Delivery) {
      if (closing || paused()) return delivery.requeue();
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
      closingController.abort(new Error("worker closing"));
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

export type WorkerLoop = ReturnType<typeof createWorkerLoop>;
