import {
  type ClaimedTask,
  DependencyUnavailableError,
  type LeaseLapsePolicy,
  type Log,
  type WorkStore,
} from "@tps/core";
import { createBatcher } from "./batcher";
import type { Delivery } from "./delivery";
import type { ConsumerMetrics } from "./metrics";
import type { OutageHoldOff } from "./outage-hold-off";
import { retryWhileUnavailable } from "./retry-while-unavailable";

export interface ClaimerOptions {
  store: WorkStore;
  owner: string;
  leaseMs: number;
  /** Which lapsed leases a claim may take over (past the grace, with lease losses left). */
  lapse: LeaseLapsePolicy;
  /** Just back from a database outage: no takeovers yet (owners renew and settle first). */
  outage: OutageHoldOff;
  batchSize: number;
  batchWindowMs: number;
  /** True once the worker is closing: deliveries go back to the queue unclaimed. */
  closing(): boolean;
  /** True while processing is paused: deliveries go back to the queue unclaimed. */
  paused(): boolean;
  /** Aborted when the worker closes: a claim waiting out an outage gives up. */
  closingSignal: AbortSignal;
  /** Pauses between claims of a batch while the database is unavailable (grows from min to max). */
  retryMinMs: number;
  retryMaxMs: number;
  /** How long a batch is held through an outage before it goes back to the queue for others. */
  holdMs: number;
  /** Which of these tasks carry a cancel flag; may fail, which is treated as "none". */
  flagged(ids: readonly number[]): Promise<Set<number>>;
  /** Starts the work of a claimed task (`claimedAt`: performance.now() before the claim statement). */
  start(task: ClaimedTask, delivery: Delivery, claimedAt: number): void;
  cancel(id: number): void;
  metrics: ConsumerMetrics;
  log: Log;
}

/**
 * Claims deliveries in batches, one statement per batch. Tasks that cannot be claimed are acked
 * (finished, cancelled, held by a live consumer) or dead-lettered (unknown). While the database is
 * unavailable a batch is held (unacked) and claimed again with backoff for up to `holdMs`, then
 * requeued: requeueing at once would spend the quorum queue's delivery limit in seconds, holding it
 * for good would keep it from consumers whose database still answers.
 * "Unavailable" covers every transient refusal too (read-only after a failover, too many
 * connections, a deadlock: see infra's unavailable.ts). A statement that fails for another reason
 * is bisected down to the message that poisons it.
 */
export function createClaimer(options: ClaimerOptions) {
  const { store, metrics, log } = options;

  const batcher = createBatcher<Delivery>({
    maxSize: options.batchSize,
    maxWaitMs: options.batchWindowMs,
    flush: claimBatch,
    onError(error, deliveries) {
      metrics.errors.inc({ stage: "claim" });
      log.error({ err: error, count: deliveries.length }, "claim batch failed; messages requeued");
      for (const d of deliveries) d.requeue();
    },
  });

  async function claimBatch(deliveries: Delivery[]) {
    if (options.closing() || options.paused()) {
      for (const d of deliveries) d.requeue();
      return;
    }
    const byId = new Map<number, Delivery[]>();
    for (const d of deliveries) byId.set(d.taskId!, [...(byId.get(d.taskId!) ?? []), d]);
    let claimedAt = performance.now();
    let claimed: ClaimedTask[];
    try {
      claimed = await retryWhileUnavailable(
        () => {
          claimedAt = performance.now();
          const lapse = options.outage.holding() ? null : options.lapse;
          return store.claim([...byId.keys()], options.owner, options.leaseMs, lapse);
        },
        {
          maxRetryTimeMs: options.holdMs,
          minTimeoutMs: options.retryMinMs,
          maxTimeoutMs: options.retryMaxMs,
          signal: options.closingSignal,
          onFailedAttempt: (error, attemptNumber) => {
            metrics.errors.inc({ stage: "claim" });
            if (!(error instanceof DependencyUnavailableError)) return;
            options.outage.failed();
            log.warn(
              { err: error, attemptNumber, count: deliveries.length },
              "claim failed; holding the batch",
            );
          },
        },
      );
    } catch (error) {
      if (options.closing() || error instanceof DependencyUnavailableError) {
        for (const d of deliveries) d.requeue(); // closing, or held long enough: back to the queue
      } else {
        await isolate(error, byId);
      }
      return;
    }
    options.outage.succeeded();
    metrics.batchSize.observe({ kind: "claim" }, claimed.length);
    const perType = new Map<string, number>();
    for (const { type } of claimed) perType.set(type, (perType.get(type) ?? 0) + 1);
    for (const [task_type, count] of perType) metrics.processed.inc({ status: "received", task_type }, count);
    const takenOver = claimed.filter((t) => t.takenOver).length;
    if (takenOver > 0) metrics.reconciled.inc({ action: "lease_taken_over" }, takenOver);

    const claimedIds = new Set(claimed.map((t) => t.id));
    const unclaimed = [...byId.keys()].filter((id) => !claimedIds.has(id));
    if (unclaimed.length > 0) await dropUnclaimed(unclaimed, byId);

    for (const task of claimed) {
      const [delivery, ...duplicates] = byId.get(task.id)!;
      for (const d of duplicates) d.ack();
      options.start(task, delivery!, claimedAt);
    }
    // A cancel that landed between our claim and registering the task above sent its signal to
    // nobody; its flag is still there.
    if (claimed.length > 0) {
      const flagged = await options.flagged([...claimedIds]).catch(() => new Set<number>());
      for (const id of flagged) options.cancel(id);
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

  return batcher;
}
