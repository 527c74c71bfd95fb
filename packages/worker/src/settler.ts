import {
  DependencyUnavailableError,
  type Log,
  type SettledTask,
  type Settlement,
  toStorableText,
  type WorkStore,
} from "@tps/core";
import type { Attempt } from "./attempts";
import { createBatcher } from "./batcher";
import type { ConsumerMetrics } from "./metrics";
import { retryWhileUnavailable } from "./retry-while-unavailable";

export interface Finished {
  settlement: Settlement;
  attempt: Attempt;
  seconds: number;
  /** Set once the database refused the attempt's own settlement: this one says why it failed. */
  refused?: boolean;
}

/** The failure written in place of a settlement the database refused (its output or error). */
const refusalOf = ({ settlement }: Finished, error: unknown): Settlement => ({
  id: settlement.id,
  leaseToken: settlement.leaseToken,
  outcome: "fail",
  error: toStorableText(
    `the ${settlement.outcome} of this attempt was refused by the database: ${error instanceof Error ? error.message : String(error)}`,
  ).slice(0, 2_000),
});

export interface SettlerOptions {
  store: WorkStore;
  owner: string;
  batchSize: number;
  batchWindowMs: number;
  /** Pause between settle retries: grows from min to max. */
  retryMinMs: number;
  retryMaxMs: number;
  /** Finished attempts waiting for their settle (their leases are kept meanwhile). */
  settling: Set<Attempt>;
  metrics: ConsumerMetrics;
  log: Log;
  /** The trace of a task's work, recorded as the exemplar of its latency observations. */
  traceIdOf?(taskId: number): string | undefined;
}

/**
 * Settles finished attempts in batches (one statement each), then acks their messages. A known
 * outcome is retried through an outage (DependencyUnavailableError) until it is written, or until
 * the lease is provably lost (a renewal found it gone, or the fenced write refused it); only
 * `giveUp()` (shutdown past its deadline) stops that, and then the messages go back to the queue
 * and the leases lapse to the reconciler. Any other error is the statement's own and would recur:
 * the batch is bisected down to the settlement the database refuses, which is written as a failure
 * naming the refusal (and dead-lettered if even that is refused); the rest of the batch settles.
 */
export function createSettler(options: SettlerOptions) {
  const { store, owner, settling, metrics, log } = options;
  const giveUp = new AbortController();

  const batcher = createBatcher<Finished>({
    maxSize: options.batchSize,
    maxWaitMs: options.batchWindowMs,
    flush: async (items) => {
      try {
        await settleUntilKnown(items);
      } finally {
        for (const item of items) settling.delete(item.attempt);
      }
    },
    onError(error, items) {
      metrics.errors.inc({ stage: "settle" });
      log.error({ err: error, count: items.length }, "settle given up; messages requeued, leases will lapse");
      for (const item of items) item.attempt.delivery.requeue();
    },
  });

  async function settleUntilKnown(items: Finished[]) {
    let pending = items;
    try {
      await retryWhileUnavailable(
        async () => {
          // A renewal proved some leases gone while we retried: nothing of theirs can be written.
          for (const item of pending.filter((i) => i.attempt.lost)) {
            record(item, { outcome: null, canceled: item.attempt.lost === "canceled" });
          }
          pending = pending.filter((i) => !i.attempt.lost);
          if (pending.length === 0) return;
          const settled = await store.settle(
            pending.map((i) => i.settlement),
            owner,
          );
          metrics.batchSize.observe({ kind: "settle" }, pending.length);
          const byToken = new Map(settled.map((s) => [s.leaseToken, s]));
          for (const item of pending) {
            record(item, byToken.get(item.settlement.leaseToken) ?? { outcome: null, canceled: false });
          }
        },
        {
          minTimeoutMs: options.retryMinMs,
          maxTimeoutMs: options.retryMaxMs,
          signal: giveUp.signal,
          onFailedAttempt: (error, attemptNumber) => {
            metrics.errors.inc({ stage: "settle" });
            if (error instanceof DependencyUnavailableError)
              log.warn({ err: error, attemptNumber, count: pending.length }, "settle failed; retrying");
          },
        },
      );
    } catch (error) {
      if (giveUp.signal.aborted || error instanceof DependencyUnavailableError) throw error;
      await isolate(error, pending);
    }
  }

  /** The statement failed for a reason of its own: find the settlement(s) it cannot take. */
  async function isolate(error: unknown, items: Finished[]) {
    if (items.length > 1) {
      const half = Math.ceil(items.length / 2);
      for (const part of [items.slice(0, half), items.slice(half)]) await settleUntilKnown(part);
      return;
    }
    const [item] = items;
    if (!item) return;
    const { settlement, attempt } = item;
    if (!item.refused) {
      log.error(
        { err: error, taskId: settlement.id, outcome: settlement.outcome },
        "the database refuses this settlement; failing the task with the refusal",
      );
      return settleUntilKnown([{ ...item, settlement: refusalOf(item, error), refused: true }]);
    }
    // Even the failure is refused: never retried for ever. The lease lapses to the reconciler.
    metrics.processed.inc({ status: "dead_lettered", task_type: attempt.task.type });
    log.error(
      { err: error, taskId: settlement.id },
      "the database refuses even this task's failure; dead-lettered",
    );
    attempt.delivery.deadLetter();
  }

  function record(
    { settlement, attempt, seconds }: Finished,
    row: Pick<SettledTask, "outcome" | "canceled"> & { finishedAt?: Date | null },
  ) {
    if (row.outcome === null) {
      if (row.canceled) {
        // Refused by the conditional write: the task was cancelled while the work finished.
        metrics.processed.inc({ status: "canceled", task_type: attempt.task.type });
      } else {
        // Our lease is gone (reaped, or another attempt holds it). A release that was refused may
        // be one whose commit we never heard back from: its message must go back to the queue.
        metrics.processed.inc({ status: "lease_lost", task_type: attempt.task.type });
        if (settlement.outcome === "release") return attempt.delivery.requeue();
      }
      return attempt.delivery.ack();
    }
    const trace = options.traceIdOf?.(settlement.id);
    const task_type = attempt.task.type;
    switch (row.outcome) {
      case "complete":
        metrics.processed.inc({ status: "success", task_type });
        metrics.processing.observe({ outcome: "success" }, seconds, trace);
        if (row.finishedAt) {
          metrics.execution.observe(
            { task_type },
            (row.finishedAt.getTime() - attempt.task.createdAtMs) / 1000,
            trace,
          );
        }
        break;
      case "fail":
        metrics.processed.inc({ status: "failed", task_type });
        metrics.processing.observe({ outcome: "failed" }, seconds, trace);
        break;
      case "backoff":
        metrics.processed.inc({ status: "backoff", task_type });
        metrics.processing.observe({ outcome: "backoff" }, seconds, trace);
        break;
      case "release":
        metrics.processed.inc({ status: "released", task_type });
        return attempt.delivery.requeue();
    }
    attempt.delivery.ack();
  }

  return {
    add(item: Finished) {
      settling.add(item.attempt);
      batcher.add(item);
    },
    drain: () => batcher.drain(),
    /** Stops retrying: what is still unwritten goes back to the queue. */
    giveUp: () => giveUp.abort(new Error("shutdown deadline: settle given up")),
  };
}
