import type { ClaimedTask } from "@tps/core";

/** The work a task does; it must stop promptly (rejecting) when `signal` aborts. */
export type WorkFn = (task: ClaimedTask, signal: AbortSignal) => Promise<void>;

/**
 * Calls `work` and returns its promise; a work function that throws instead of rejecting gives a
 * rejected promise. For wrappers that must not hold the task while the work runs: they call this
 * and then wait on the promise alone.
 */
export function callWork(work: WorkFn, task: ClaimedTask, signal: AbortSignal): Promise<void> {
  try {
    return work(task, signal);
  } catch (error) {
    return Promise.reject(error);
  }
}

/** Payloads starting with this prefix make the simulated work fail (to exercise retries and FAILED). */
export const FAIL_PREFIX = "fail:";
/** `sleep:<ms>` (up to an hour) makes the simulated work take that long instead (fault tests). */
export const SLEEP_PREFIX = "sleep:";

const durationOf = (payload: string, fallbackMs: number) => {
  const ms = payload.startsWith(SLEEP_PREFIX) ? Number.parseInt(payload.slice(SLEEP_PREFIX.length), 10) : NaN;
  return Number.isInteger(ms) && ms >= 0 && ms <= 3_600_000 ? ms : fallbackMs;
};

/** Waits `ms`, then fails with `failure` if there is one; an abort rejects at once with its reason. */
function wait(ms: number, failure: string | null, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      if (failure === null) resolve();
      else reject(new Error(failure));
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Simulated IO-bound work: waits `durationMs` without using the CPU, like a call to a slow service.
 * A payload beginning with `fail:` fails after the wait, deterministically; one beginning with
 * `sleep:<ms>` waits that long. The payload is read when the work starts and not kept while it
 * waits (nothing that outlives this call refers to the task).
 */
export function createSimulatedWork(durationMs: number): WorkFn {
  return (task, signal) => {
    const failure = task.payload.startsWith(FAIL_PREFIX)
      ? `simulated failure: ${task.payload.slice(0, 200)}`
      : null;
    return wait(durationOf(task.payload, durationMs), failure, signal);
  };
}
