import {
  type LeaseRef,
  type Log,
  MAX_PROGRESS_MESSAGE,
  type ProgressUpdate,
  type WorkStore,
} from "@tps/core";

export interface ProgressBufferOptions {
  store: Pick<WorkStore, "recordProgress">;
  owner: string;
  intervalMs: number;
  log: Log;
}

/**
 * Progress reports, throttled: each attempt's latest report is kept and all of them are written in
 * one fenced statement per interval, so a handler may report as often as it likes. A write that
 * fails is dropped (the next report carries the news); progress is advice, not state.
 */
export function createProgressBuffer({ store, owner, intervalMs, log }: ProgressBufferOptions) {
  const latest = new Map<string, ProgressUpdate>();
  let writing: Promise<void> = Promise.resolve();

  function flush(): Promise<void> {
    if (latest.size === 0) return writing;
    const updates = [...latest.values()];
    latest.clear();
    writing = writing
      .then(() => store.recordProgress(updates, owner))
      .catch((err: unknown) => log.warn({ err, count: updates.length }, "could not store progress"));
    return writing;
  }

  const timer = setInterval(() => void flush(), intervalMs);
  timer.unref();

  return {
    /** Keeps `percent` (clamped to 0–100) and `message` as the attempt's latest progress. */
    report(lease: LeaseRef, percent: number, message?: string) {
      if (!Number.isFinite(percent)) throw new TypeError("progress: percent must be a finite number");
      latest.set(lease.leaseToken, {
        id: lease.id,
        leaseToken: lease.leaseToken,
        percent: Math.min(100, Math.max(0, percent)),
        message:
          typeof message === "string"
            ? message.replaceAll("\u0000", "").slice(0, MAX_PROGRESS_MESSAGE)
            : null,
      });
    },
    /** Writes what is pending now and stops the timer. */
    async stop() {
      clearInterval(timer);
      await flush();
    },
  };
}

export type ProgressBuffer = ReturnType<typeof createProgressBuffer>;
