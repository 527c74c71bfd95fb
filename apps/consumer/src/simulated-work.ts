import type { ClaimedTask } from "@tps/core";

/** The work a task does; it must stop promptly (rejecting) when `signal` aborts. */
export type WorkFn = (task: ClaimedTask, signal: AbortSignal) => Promise<void>;

/** Payloads starting with this prefix make the simulated work fail (to exercise retries and FAILED). */
export const FAIL_PREFIX = "fail:";
/** `sleep:<ms>` (up to an hour) makes the simulated work take that long instead (fault tests). */
export const SLEEP_PREFIX = "sleep:";

const durationOf = (payload: string, fallbackMs: number) => {
  const ms = payload.startsWith(SLEEP_PREFIX) ? Number.parseInt(payload.slice(SLEEP_PREFIX.length), 10) : NaN;
  return Number.isInteger(ms) && ms >= 0 && ms <= 3_600_000 ? ms : fallbackMs;
};

/**
 * Simulated IO-bound work: waits `durationMs` without using the CPU, like a call to a slow service.
 * A payload beginning with `fail:` fails after the wait, deterministically; one beginning with
 * `sleep:<ms>` waits that long.
 */
export function createSimulatedWork(durationMs: number): WorkFn {
  return (task, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const timer = setTimeout(
        () => {
          signal.removeEventListener("abort", onAbort);
          if (task.payload.startsWith(FAIL_PREFIX))
            reject(new Error(`simulated failure: ${task.payload.slice(0, 200)}`));
          else resolve();
        },
        durationOf(task.payload, durationMs),
      );
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal.reason);
      };
      signal.addEventListener("abort", onAbort, { once: true });
    });
}
