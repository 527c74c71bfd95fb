import { type Log, purgeFinished, type TaskRepository } from "@tps/core";
import type { AdvisoryLock } from "@tps/infra";
import type { ConsumerMetrics } from "@tps/worker/internal";

const DAY_MS = 86_400_000;

export interface RetentionOptions {
  repo: Pick<TaskRepository, "purgeFinished">;
  /** Only the holder runs a pass: one consumer at a time. */
  lock: AdvisoryLock;
  metrics: Pick<ConsumerMetrics, "purged" | "errors">;
  log: Log;
  /** Finished tasks older than this are deleted; 0 turns retention off. */
  days: number;
  batch: number;
  pauseMs: number;
  intervalMs: number;
}

export interface RetentionPass {
  deleted: number;
  batches: number;
  seconds: number;
}

/**
 * Background retention: every `intervalMs` (and once at start) the consumer holding the advisory
 * lock deletes finished tasks older than `days`, `batch` rows per short statement with a pause in
 * between, until none is left. Stopping aborts between two batches and waits for the one running.
 */
export function startRetention(options: RetentionOptions) {
  const { repo, lock, metrics, log } = options;
  const controller = new AbortController();
  let running: Promise<RetentionPass | null> | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function pass(): Promise<RetentionPass | null> {
    let counted = 0;
    const result = await lock.tryRun(() =>
      purgeFinished(repo, {
        olderThanMs: options.days * DAY_MS,
        batch: options.batch,
        pauseMs: options.pauseMs,
        signal: controller.signal,
        onBatch: (deleted) => {
          metrics.purged.inc(deleted - counted);
          counted = deleted;
        },
      }),
    );
    if (!result) return null; // another consumer is on it
    const seconds = result.elapsedMs / 1000;
    log.info(
      {
        deleted: result.deleted,
        batches: result.batches,
        seconds: Number(seconds.toFixed(3)),
        rowsPerSecond: seconds > 0 ? Math.round(result.deleted / seconds) : result.deleted,
        olderThanDays: options.days,
      },
      "retention pass",
    );
    return { deleted: result.deleted, batches: result.batches, seconds };
  }

  /** Runs a pass now unless one is running (then waits for that one); failures are logged and counted. */
  function tick(): Promise<RetentionPass | null> {
    running ??= pass()
      .catch((error: unknown) => {
        metrics.errors.inc({ stage: "retention" });
        log.warn({ err: error }, "retention pass failed; will try again at the next interval");
        return null;
      })
      .finally(() => {
        running = null;
      });
    return running;
  }

  function schedule(delayMs: number) {
    if (controller.signal.aborted) return;
    timer = setTimeout(() => void tick().finally(() => schedule(options.intervalMs)), delayMs);
    timer.unref();
  }

  if (options.days > 0) schedule(0);
  else log.info({}, "retention is off (RETENTION_DAYS=0): finished tasks are kept");

  return {
    tick,
    async stop() {
      controller.abort();
      clearTimeout(timer);
      await running;
    },
  };
}
