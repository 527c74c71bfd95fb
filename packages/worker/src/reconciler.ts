import {
  DEFAULT_LEASE_LAPSE,
  DependencyUnavailableError,
  type LeaseLapsePolicy,
  type Log,
  type TaskPublisher,
  type WorkStore,
} from "@tps/core";
import type { ConsumerMetrics } from "./metrics";
import { createOutageHoldOff, type OutageHoldOff } from "./outage-hold-off";

export interface ReconcilerOptions {
  store: WorkStore;
  publisher: TaskPublisher;
  metrics: ConsumerMetrics;
  log: Log;
  intervalMs: number;
  /** A fresh task is left to the API's own publish for this long before the reconciler steps in. */
  publishGraceMs: number;
  /**
   * A PENDING task published this long ago and still not claimed may have lost its message: send it
   * again, whatever the queue depth (a duplicate is harmless: claims are conditional). Set it above
   * the queue wait you expect, or a backlog gets one extra message per task per period.
   */
  stalePublishMs: number;
  batch?: number;
  /** Lapsed leases are reaped `lapse.graceMs` past expiry; a task fails on its `lapse.maxLosses`-th. */
  lapse?: LeaseLapsePolicy;
  /**
   * This process's view of database outages (shared with the claimer): after one, reaping waits for
   * the grace past the first pass that reaches the database. Its own by default.
   */
  outage?: OutageHoldOff;
  /**
   * True while processing is paused: queued messages are then waiting, not lost, so stale
   * publishes are not re-sent during a pause nor for `stalePublishMs` after it.
   */
  paused?(): boolean;
}

/**
 * Keeps every task moving: PROCESSING tasks whose consumer died (lease lapsed) go back to PENDING;
 * PENDING tasks whose message may be lost (published long ago, never claimed) are marked
 * unpublished; and PENDING tasks that are due but unpublished (publish failed, retry backoff over,
 * message lost) are published.
 * Reaping and publishing run as two independent loops: a publish that hangs on the broker never
 * holds up lease recovery. Safe to run in every consumer at once (SKIP LOCKED, conditional writes).
 */
export function startReconciler(options: ReconcilerOptions) {
  const { store, publisher, metrics, log } = options;
  const batch = options.batch ?? 1_000;
  const lapse = options.lapse ?? DEFAULT_LEASE_LAPSE;
  const outage = options.outage ?? createOutageHoldOff(lapse.graceMs);
  let staleCheckFrom = 0;

  async function reap() {
    try {
      // Just back from an outage: every lease may have lapsed meanwhile. Owners renew and settle
      // what they finished first; reaping now would throw that finished work away.
      if (!outage.holding()) await recoverLapsedLeases();
      await observeBacklog();
      outage.succeeded();
    } catch (error) {
      if (error instanceof DependencyUnavailableError) outage.failed();
      throw error;
    }
  }

  async function recoverLapsedLeases() {
    const { released, failed } = await store.recoverExpiredLeases(batch, lapse);
    if (released + failed > 0) {
      metrics.reconciled.inc({ action: "lease_released" }, released);
      metrics.reconciled.inc({ action: "lease_failed" }, failed);
      log.warn(
        { released, failed },
        "recovered tasks from an unresponsive consumer (lease lost: attempt given back)",
      );
    }
  }

  async function observeBacklog() {
    const backlog = await store.backlog();
    metrics.oldestPendingAge.set(backlog.oldestPendingAgeSeconds ?? 0);
    metrics.processingPastLease.set(backlog.processingPastLease);
    metrics.reconcilerLastSuccess.set(Date.now() / 1000);
  }

  async function publish() {
    // Not only when the queue is empty: a lost message among a backlog would wait for ever.
    if (options.paused?.()) staleCheckFrom = Date.now() + options.stalePublishMs;
    const lost = Date.now() >= staleCheckFrom ? await store.unpublishStale(options.stalePublishMs, batch) : 0;
    if (lost > 0) {
      metrics.reconciled.inc({ action: "lost_message_republished" }, lost);
      log.warn({ count: lost }, "tasks published long ago were never claimed: publishing again");
    }
    let published: number;
    do {
      published = await store.publishDue(batch, options.publishGraceMs, (tasks) => publisher.publish(tasks));
      metrics.reconciled.inc({ action: "republished" }, published);
    } while (published === batch);
  }

  /** A pass that runs at most once at a time, on its own timer; failures are counted and logged. */
  function loop(name: string, pass: () => Promise<void>) {
    let running: Promise<void> | null = null;
    const tick = () => {
      running ??= pass()
        .catch((error: unknown) => {
          metrics.errors.inc({ stage: "reconcile" });
          log.warn({ err: error }, `reconcile ${name} pass failed; will try again`);
        })
        .finally(() => {
          running = null;
        });
      return running;
    };
    const timer = setInterval(tick, options.intervalMs);
    timer.unref();
    return {
      tick,
      async stop() {
        clearInterval(timer);
        await running;
      },
    };
  }

  const reaper = loop("reap", reap);
  const publishing = loop("publish", publish);

  return {
    /** One pass of each now (tests and start-up). */
    runOnce: async () => {
      await Promise.all([reaper.tick(), publishing.tick()]);
    },
    async stop() {
      await Promise.all([reaper.stop(), publishing.stop()]);
    },
  };
}
