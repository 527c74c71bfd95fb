import type { Log, TaskPublisher, WorkStore } from "@tps/api";
import type { ConsumerMetrics } from "./metrics";

export interface ReconcilerOptions {
  store: WorkStore;
  publisher: TaskPublisher;
  metrics: ConsumerMetrics;
  log: Log;
  intervalMs: number;
  /** A fresh task is left to the API's own publish for this long before the reconciler steps in. */
  publishGraceMs: number;
  batch?: number;
}

/**
 * Keeps every task moving: PROCESSING tasks whose consumer died (lease lapsed) go back to PENDING,
 * and PENDING tasks that are due but unpublished (publish failed, retry backoff over) are published.
 * Safe to run in every consumer at once (SKIP LOCKED, conditional writes).
 */
export function startReconciler(options: ReconcilerOptions) {
  const { store, publisher, metrics, log } = options;
  const batch = options.batch ?? 1_000;
  let running: Promise<void> | null = null;

  async function runOnce() {
    try {
      const { requeued, failed } = await store.recoverExpiredLeases(batch);
      if (requeued + failed > 0) {
        metrics.reconciled.inc({ action: "lease_requeued" }, requeued);
        metrics.reconciled.inc({ action: "lease_failed" }, failed);
        log.warn({ requeued, failed }, "recovered tasks from an unresponsive consumer");
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
