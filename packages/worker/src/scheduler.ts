import type { Log, ScheduleTicker } from "@tps/core";

export interface SchedulerOptions {
  ticker: ScheduleTicker;
  log: Log;
  /** Told each tick transaction's result: tasks made and ticks skipped (metrics). */
  onTicks(made: number, missed: number): void;
  /** Called after a tick made tasks (the publish loop's kick: they go out at once). */
  onTasks(): void;
  /** Called when a pass failed (metrics). */
  onError?(error: unknown): void;
  /** Longest sleep between reads of the schedules (default 1 s: a schedule made elsewhere is seen within it). */
  maxSleepMs?: number;
  /** Shortest sleep (default 20 ms): a due row another process holds is not polled in a spin. */
  minSleepMs?: number;
  /** Due schedules per tick transaction (default 100); a full batch runs the next one at once. */
  batch?: number;
}

/**
 * The cron scheduler every worker runs: it sleeps until the soonest tick (read at least every
 * `maxSleepMs`), then makes the due ticks in one transaction (ScheduleTicker.tick: one task per tick
 * however many processes run this loop). Errors are logged and the loop goes on after a sleep.
 */
export function startScheduler(options: SchedulerOptions) {
  const { ticker, log, maxSleepMs = 1_000, minSleepMs = 20, batch = 100 } = options;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, ms);
    });

  async function pass(): Promise<number> {
    const { tasks, missed } = await ticker.tick(batch);
    if (tasks.length > 0) {
      options.onTicks(tasks.length, missed);
      options.onTasks();
      if (missed > 0) log.info({ missed, tasks: tasks.length }, "schedules caught up after a downtime");
    }
    if (tasks.length === batch) return 0;
    const until = await ticker.msUntilNextDue();
    return until === null ? maxSleepMs : Math.min(maxSleepMs, Math.max(minSleepMs, until));
  }

  const loop = (async () => {
    while (!stopped) {
      let wait: number;
      try {
        wait = await pass();
      } catch (err) {
        options.onError?.(err);
        log.warn({ err }, "scheduler pass failed: trying again shortly");
        wait = maxSleepMs;
      }
      if (!stopped && wait > 0) await sleep(wait);
    }
  })();

  return {
    /** Stops after the pass in progress (its transaction commits or rolls back whole). */
    async stop() {
      stopped = true;
      clearTimeout(timer);
      wake?.();
      await loop;
    },
  };
}
