import type { Log, TaskPublisher, WorkStore } from "@tps/core";
import type { ConsumerMetrics } from "./metrics";

export interface ReconcilerOptions {
  store: WorkStore;
  publisher: TaskPublisher;
  metrics: ConsumerMetrics;
  log: Log;
  intervalMs: number;
  /** A fresh task is left to the API's own publish for this long before the reconciler steps in. */
  publishGraceMs: number;
  /** Messages ready in the task queue (null when unknown). */
  queueDepth(): Promise<number | null>;
  /** A PENDING task published this long ago, with the queue empty, lost its message: send it again. */
  stalePublishMs: number;
  batch?: number;
}

/**
 * Keeps every task moving: PROCESSING tasks whose consumer died (lease lapsed) go back to PENDING;
 * PENDING tasks whose message the broker lost (published long ago, queue empty) are marked
 * unpublished; and PENDING tasks that are due but unpublished (publish failed, retry backoff over,
 * message lost) are published.
 * Safe to run in every consumer at once (SKIP LOCKED, conditional writes).
 */
export function startReconciler(options: ReconcilerOptions) {
  const { store, publisher, metrics, log } = options;
  const batch = options.batch ?? 1_000;
  let running: Promise<void> | null = null;

  async function runOnce() {
    try {
      const { released, failed } = await store.recoverExpiredLeases(batch);
      if (released + failed > 0) {
        metrics.reconciled.inc({ action: "lease_released" }, released);
        metrics.reconciled.inc({ action: "lease_failed" }, failed);
        log.warn({ released, failed }, "recovered tasks from an unresponsive consumer");
      }
      if ((await options.queueDepth()) === 0) {
        const lost = await store.unpublishStale(options.stalePublishMs, batch);
        if (lost > 0) {
          metrics.reconciled.inc({ action: "lost_message_republished" }, lost);
          log.warn(
            { count: lost },
            "tasks published long ago were never delivered (queue empty): publishing again",
          );
        }
      }
      let published: number;
      do {
        published = await store.publishDue(batch, options.publishGraceMs, (ids) => publisher.publish(ids));
        metrics.reconciled.inc({ action: "republished" }, published);
      } while (published === batch);
    } catch (error) {
      metrics.errors.inc({ stage: "reconcile" });
      log.warn({ err: error }, "reconcile pass failed; will try again");
    }
  }

  const tick = () => {
    running ??= runOnce().finally(() => {
      running = null;
    });
  };
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();

  return {
    /** One pass now (tests and start-up). */
    runOnce: () => {
      tick();
      return running!;
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
