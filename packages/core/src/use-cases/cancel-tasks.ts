import { TaskError } from "../domain/errors";
import type { BulkByIdsResult, BulkMatchingResult, Task, TaskFilter } from "../domain/task";
import type { CancelSignal, Log, TaskRepository } from "../ports";
import { applyToMatching, type BulkOptions } from "./count-matching";

export interface CancelDeps {
  repo: TaskRepository;
  cancelSignal: CancelSignal;
  log: Log;
}

/** The cancel is committed before it is signalled: the caller never waits longer than this for the signal. */
export const CANCEL_SIGNAL_WAIT_MS = 1_000;

/**
 * The database write decides; the Redis signal only makes the consumer stop sooner. A cache outage
 * (or a hung cache: the wait is bounded) is logged and the cancel still stands: the consumer
 * notices at its next lease renewal, and its conditional settle never completes a cancelled task.
 */
async function signal(deps: CancelDeps, tasks: Task[]) {
  if (tasks.length === 0) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      deps.cancelSignal.announce(tasks.map((t) => t.id)),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CANCEL_SIGNAL_WAIT_MS} ms`)),
          CANCEL_SIGNAL_WAIT_MS,
        );
      }),
    ]);
  } catch (error) {
    deps.log.warn(
      { err: error, count: tasks.length },
      "cancel stored, but the cancel signal could not be sent",
    );
  } finally {
    clearTimeout(timer);
  }
}

/** Cancels one PENDING or PROCESSING task; NOT_FOUND or CONFLICT otherwise. */
export async function cancelTask(deps: CancelDeps, id: number, actor: string | null = null): Promise<Task> {
  const [task] = await deps.repo.cancel([id], actor);
  if (!task) {
    const current = await deps.repo.findById(id);
    if (!current) throw new TaskError("NOT_FOUND", `task ${id} not found`);
    throw new TaskError("CONFLICT", `cannot cancel task ${id}: it is ${current.status}`);
  }
  await signal(deps, [task]);
  return task;
}

/** Cancels those of `ids` that can be cancelled; the others are counted as skipped. */
export async function cancelTasks(
  deps: CancelDeps,
  ids: readonly number[],
  actor: string | null = null,
): Promise<BulkByIdsResult> {
  const unique = [...new Set(ids)];
  const canceled = unique.length ? await deps.repo.cancel(unique, actor) : [];
  await signal(deps, canceled);
  return { changed: canceled.length, skipped: unique.length - canceled.length };
}

/**
 * Cancels up to `chunk` cancellable tasks matching `filter`, and says how many remain (see
 * applyToMatching). Refused (CONFLICT) when more tasks match than the caller confirmed.
 */
export function cancelMatching(
  deps: CancelDeps,
  filter: TaskFilter,
  chunk: number,
  options: BulkOptions = {},
): Promise<BulkMatchingResult> {
  return applyToMatching(deps.repo, "cancel", { filter, chunk, options }, (ids, actor) =>
    cancelTasks(deps, ids, actor),
  );
}
