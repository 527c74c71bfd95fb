import type { ClaimedTask } from "@tps/core";

/**
 * What finished work hands the settle: the output's JSON text, or null when it returned nothing.
 * (Serialized where the work ends, so the settle batch holds text, not the handler's objects.)
 */
export type WorkOutput = string | null;

/** A claimed task's work; it must stop promptly (rejecting) when `signal` aborts. Nothing returned: no output. */
// biome-ignore lint/suspicious/noConfusingVoidType: work that returns nothing is the common case
export type WorkFn = (task: ClaimedTask, signal: AbortSignal) => Promise<WorkOutput | void>;

/**
 * Calls `work` and returns its promise; a work function that throws instead of rejecting gives a
 * rejected promise. For wrappers that must not hold the task while the work runs: they call this
 * and then wait on the promise alone.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: see WorkFn
export function callWork(work: WorkFn, task: ClaimedTask, signal: AbortSignal): Promise<WorkOutput | void> {
  try {
    return work(task, signal);
  } catch (error) {
    return Promise.reject(error);
  }
}
