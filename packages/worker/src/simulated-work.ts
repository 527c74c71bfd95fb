import { MAX_PAYLOAD_BYTES, SLEEP_TYPE } from "@tps/core";
import { z } from "zod";
import { defineTask } from "./define-task";
import type { WorkFn } from "./work";

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
 * With `testHooks`, a payload beginning with `fail:` fails after the wait, deterministically, and
 * one beginning with `sleep:<ms>` waits that long. The payload is read when the work starts and not
 * kept while it waits (nothing that outlives this call refers to the task).
 */
export function simulate(
  payload: string,
  durationMs: number,
  testHooks: boolean,
  signal: AbortSignal,
): Promise<void> {
  if (!testHooks) return wait(durationMs, null, signal);
  const failure = payload.startsWith(FAIL_PREFIX) ? `simulated failure: ${payload.slice(0, 200)}` : null;
  return wait(durationOf(payload, durationMs), failure, signal);
}

/** The simulated work as a bare WorkFn (test hooks on), for tests of the batch loop. */
export const createSimulatedWork =
  (durationMs: number): WorkFn =>
  (task, signal) =>
    simulate(task.payload, durationMs, true, signal).then(() => null);

/**
 * The built-in task type `sleep`: the original design's work. Its input is the payload string;
 * it waits TASK_WORK_MS and returns nothing. The `fail:`/`sleep:` prefixes work only with
 * `testHooks` (test launchers turn them on).
 */
export const createSleepTask = (durationMs: number, testHooks: boolean, limits: SleepLimits = {}) =>
  defineTask({
    type: SLEEP_TYPE,
    input: z.string().max(MAX_PAYLOAD_BYTES),
    run: (payload, ctx) => simulate(payload, durationMs, testHooks, ctx.signal),
    ...(limits.concurrencyLimit ? { concurrencyLimit: limits.concurrencyLimit } : {}),
    ...(limits.rateLimit ? { rateLimit: limits.rateLimit } : {}),
  });

/** Limits an operator may put on the built-in type (the consumer's SLEEP_* settings); none by default. */
export interface SleepLimits {
  concurrencyLimit?: number;
  rateLimit?: { max: number; perMs: number };
}
