import { isTerminal } from "@tps/core/rules";
import { WaitTimeoutError } from "./errors";
import { type ChangeSource, startRefreshLoop } from "./refresh-loop";
import { isTransient } from "./retry-policy";
import type { Task } from "./router";
import { toTasksApiError } from "./to-error";

export interface WaitForOptions {
  /** Reject with `WaitTimeoutError` after this long. Default 5 minutes; `Infinity` waits forever. */
  timeoutMs?: number;
  /** Aborting rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Poll this often when no change notification arrives (and when the subscription is down). Default 1000. */
  pollMs?: number;
}

export const DEFAULT_WAIT = { timeoutMs: 300_000, pollMs: 1_000 };

/** What waitFor and watch read: one task, and the change notifications. */
export interface TaskSource {
  getTask(id: number): Promise<Task>;
  changes: ChangeSource;
}

/**
 * Resolves with the tasks once every one is terminal (COMPLETED, CANCELED or FAILED), in the order
 * of `ids`. Re-reads the unfinished ones on each change tick and every `pollMs`. Transient read
 * errors are retried on the next round; others (a task that does not exist) reject at once.
 */
export function waitForTasks(source: TaskSource, ids: readonly number[], options: WaitForOptions = {}) {
  const { timeoutMs = DEFAULT_WAIT.timeoutMs, pollMs = DEFAULT_WAIT.pollMs, signal } = options;
  return new Promise<Task[]>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const pending = new Set(ids);
    const finished = new Map<number, Task>();
    let done = false;
    const settle = (error?: unknown) => {
      if (done) return;
      done = true;
      stop();
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      if (error !== undefined) reject(error);
      else resolve(ids.map((id) => finished.get(id)!));
    };
    const onAbort = () => settle(signal?.reason);
    const refresh = async () => {
      const round = [...pending];
      const results = await Promise.allSettled(round.map((id) => source.getTask(id)));
      if (done) return;
      results.forEach((result, i) => {
        if (result.status === "fulfilled") {
          if (!isTerminal(result.value.status)) return;
          finished.set(round[i]!, result.value);
          pending.delete(round[i]!);
        } else {
          const error = toTasksApiError(result.reason);
          if (!isTransient(error)) settle(error);
        }
      });
      if (pending.size === 0) settle();
    };
    const timer = Number.isFinite(timeoutMs)
      ? setTimeout(() => settle(new WaitTimeoutError([...pending], timeoutMs)), timeoutMs)
      : undefined;
    signal?.addEventListener("abort", onAbort, { once: true });
    const stop = pending.size === 0 ? () => {} : startRefreshLoop(source.changes, refresh, pollMs);
    if (pending.size === 0) settle();
  });
}
