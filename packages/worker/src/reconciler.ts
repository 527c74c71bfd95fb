import {
  DEFAULT_LEASE_LAPSE,
  DependencyUnavailableError,
  type LeaseLapsePolicy,
  type Log,
  type TaskPublisher,
  type TaskRef,
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
  /**
   * How many publishDue batches one pass sends at once when more than a batch is due (SKIP LOCKED
   * keeps them apart): a burst of tasks due in the same second goes out in parallel. Default 4.
   */
  publishParallelism?: number;
  /** The publish loop's shortest sleep before the next due task (default 10 ms). */
  minWakeMs?: number;
}

/**
 * Keeps every task moving: PROCESSING tasks whose consumer died (lease lapsed) go back to PENDING;
 * PENDING tasks whose message may be lost (published long ago, never claimed) are marked
 * unpublished; and PENDING tasks that are due but unpublished (publish failed, retry backoff over,
 * message lost) are published.
 * PENDING tasks past their expiry that no claim sees (delayed, held, unpublished) are expired.
 * Reaping and publishing run as two independent loops: a publish that hangs on the broker never
 * holds up lease recovery. The publish loop sleeps until the next unpublished task is due (a delayed
 * task, a backoff's end, a held task), at most `intervalMs`; `kick()` runs it now. Safe to run in
 * every consumer at once (SKIP LOCKED, conditional writes).
 */
export function startReconciler(options: ReconcilerOptions) {
  const { store, publisher, metrics, log } = options;
  const batch = options.batch ?? 1_000;
  const lapse = options.lapse ?? DEFAULT_LEASE_LAPSE;
  const outage = options.outage ?? createOutageHoldOff(lapse.graceMs);
  const parallelism = Math.max(1, options.publishParallelism ?? 4);
  const minWakeMs = options.minWakeMs ?? 10;
  let staleCheckFrom = 0;
  let nextStaleCheck = 0;

  async function reap() {
    try {
      // Just back from an outage: every lease may have lapsed meanwhile. Owners renew and settle
      // what they finished first; reaping now would throw that finished work away.
      if (!outage.holding()) await recoverLapsedLeases();
      await expireOverdue();
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

  async function expireOverdue() {
    let expired: number;
    do {
      const tasks = await store.expireDue(batch);
      countExpired(metrics, tasks);
      expired = tasks.length;
    } while (expired === batch);
  }

  async function observeBacklog() {
    const backlog = await store.backlog();
    metrics.oldestPendingAge.set(backlog.oldestPendingAgeSeconds ?? 0);
    metrics.processingPastLease.set(backlog.processingPastLease);
    metrics.dueNotStarted.set(backlog.dueNotStarted);
    metrics.reconcilerLastSuccess.set(Date.now() / 1000);
  }

  async function publish() {
    // Not only when the queue is empty: a lost message among a backlog would wait for ever.
    if (options.paused?.()) staleCheckFrom = Date.now() + options.stalePublishMs;
    // Passes may come every few milliseconds (due tasks): the stale scan keeps its own pace.
    if (Date.now() >= nextStaleCheck) {
      nextStaleCheck = Date.now() + options.intervalMs;
      const lost =
        Date.now() >= staleCheckFrom ? await store.unpublishStale(options.stalePublishMs, batch) : 0;
      if (lost > 0) {
        metrics.reconciled.inc({ action: "lost_message_republished" }, lost);
        log.warn({ count: lost }, "tasks published long ago were never claimed: publishing again");
      }
    }
    // One batch first; if more are due, `parallelism` batches at a time until a batch comes back short.
    if ((await publishBatch()) < batch) return;
    await Promise.all(
      Array.from({ length: parallelism }, async () => {
        while ((await publishBatch()) === batch) {}
      }),
    );
  }

  async function publishBatch(): Promise<number> {
    const published = await store.publishDue(batch, options.publishGraceMs, (tasks) =>
      publisher.publish(tasks),
    );
    metrics.reconciled.inc({ action: "republished" }, published);
    return published;
  }

  /** How long the publish loop sleeps: until the next unpublished task is due, within bounds. */
  async function nextPublishDelay(): Promise<number> {
    const ms = await store.nextPublishInMs(options.publishGraceMs);
    return ms === null
      ? options.intervalMs
      : Math.min(options.intervalMs, Math.max(minWakeMs, Math.ceil(ms)));
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

  /**
   * The publish loop: a pass, then a sleep until the next due task (nextPublishDelay). A kick during
   * a pass runs another right after it; a kick while asleep runs one now.
   */
  function wakingLoop() {
    let running: Promise<void> | null = null;
    let again = false;
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    const schedule = (ms: number) => {
      clearTimeout(timer);
      if (stopped) return;
      timer = setTimeout(tick, ms);
      timer.unref();
    };
    const tick = (): Promise<void> => {
      if (running !== null) {
        again = true;
        return running;
      }
      clearTimeout(timer);
      // A failed pass (broker or database down) waits the full interval: no retry storm.
      running = publish()
        .then(
          () => (again ? 0 : nextPublishDelay().catch(() => options.intervalMs)),
          (error: unknown) => {
            metrics.errors.inc({ stage: "reconcile" });
            log.warn({ err: error }, "reconcile publish pass failed; will try again");
            return options.intervalMs;
          },
        )
        .then((ms) => {
          running = null;
          again = false;
          schedule(ms);
        });
      return running;
    };
    schedule(options.intervalMs);
    return {
      tick,
      async stop() {
        stopped = true;
        clearTimeout(timer);
        await running;
        clearTimeout(timer);
      },
    };
  }

  const reaper = loop("reap", reap);
  const publishing = wakingLoop();

  return {
    /** One pass of each now (tests and start-up). */
    runOnce: async () => {
      await Promise.all([reaper.tick(), publishing.tick()]);
    },
    /** Runs the publish loop now (tasks were just made due, e.g. held tasks woken by a freed slot). */
    kick(): void {
      void publishing.tick();
    },
    async stop() {
      await Promise.all([reaper.stop(), publishing.stop()]);
    },
  };
}

/** `tasks_processed_total{status="expired"}` for tasks expired before they started, per type. */
export function countExpired(metrics: ConsumerMetrics, tasks: readonly TaskRef[]): void {
  const perType = new Map<string, number>();
  for (const { type } of tasks) perType.set(type, (perType.get(type) ?? 0) + 1);
  for (const [task_type, count] of perType) metrics.processed.inc({ status: "expired", task_type }, count);
}

/**
 * The work store with the claim's expired tasks counted (the claimer then acks their messages as
 * it acks any task it cannot claim).
 */
export function countingExpired(store: WorkStore, metrics: ConsumerMetrics): WorkStore {
  return {
    ...store,
    claim: (ids, owner, leaseMs, lapse, onExpired) =>
      store.claim(ids, owner, leaseMs, lapse, (expired) => {
        countExpired(metrics, expired);
        onExpired?.(expired);
      }),
  };
}
