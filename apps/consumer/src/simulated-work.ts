import type { ClaimedTask } from "@tps/core";

/** The work a task does; it must stop promptly (rejecting) when `signal` aborts. */
export type WorkFn = (task: ClaimedTask, signal: AbortSignal) => Promise<void>;

/** Payloads starting with this prefix make the simulated work fail (to exercise retries and FAILED). */
export const FAIL_PREFIX = "fail:";

/**
 * Simulated IO-bound work: waits `durationMs` without using the CPU, like a call to a slow service.
 * A payload beginning with `fail:` fails after the wait, deterministically.
 */
export function createSimulatedWork(durationMs: number): WorkFn {
  return (task, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal.removeEventListener("abort", onAbort);
        if (task.payload.startsWith(FAIL_PREFIX))
          reject(new Error(`simulated failure: ${task.payload.slice(0, 200)}`));
        else resolve();
      }, durationMs);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal.reason);
      };
      signal.addEventListener("abort", onAbort, { once: true });
    });
}
