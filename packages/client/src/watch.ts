import type { TasksApiError } from "./errors";
import { NotFoundError } from "./errors";
import { startRefreshLoop } from "./refresh-loop";
import type { Task, TaskStatus } from "./router";
import { toTasksApiError } from "./to-error";
import { DEFAULT_WAIT, type TaskSource } from "./wait-for";

/** Called with the task as now read and the status it had before. */
export type TaskChangeHandler = (task: Task, previousStatus: TaskStatus) => void;

export interface WatchOptions {
  /** Aborting stops the watch (as does calling the function `watch` returns). */
  signal?: AbortSignal;
  /** Poll this often when no change notification arrives. Default 1000. */
  pollMs?: number;
  /** Read errors. A task that does not exist is reported once and no longer watched. */
  onError?: (error: TasksApiError, id: number) => void;
}

/**
 * Calls `onChange` whenever one of the tasks' status changes, comparing with what the previous
 * read saw (the first read only records where each task stands). Runs until stopped.
 */
export function watchTasks(
  source: TaskSource,
  ids: readonly number[],
  onChange: TaskChangeHandler,
  options: WatchOptions = {},
): () => void {
  const { pollMs = DEFAULT_WAIT.pollMs, signal, onError } = options;
  if (signal?.aborted) return () => {};
  const watched = new Set(ids);
  const last = new Map<number, TaskStatus>();
  let stopped = false;
  const refresh = async () => {
    const round = [...watched];
    const results = await Promise.allSettled(round.map((id) => source.getTask(id)));
    if (stopped) return;
    results.forEach((result, i) => {
      const id = round[i]!;
      if (result.status === "rejected") {
        const error = toTasksApiError(result.reason);
        if (error instanceof NotFoundError) watched.delete(id);
        onError?.(error, id);
        return;
      }
      const previous = last.get(id);
      last.set(id, result.value.status);
      if (previous === undefined || previous === result.value.status) return;
      try {
        onChange(result.value, previous);
      } catch (error) {
        // A throwing handler is the caller's bug: surface it like an EventEmitter listener's.
        queueMicrotask(() => {
          throw error;
        });
      }
    });
  };
  const stopLoop = startRefreshLoop(source.changes, refresh, pollMs);
  const stop = () => {
    stopLoop();
    stopped = true;
    signal?.removeEventListener("abort", stop);
  };
  signal?.addEventListener("abort", stop, { once: true });
  return stop;
}
