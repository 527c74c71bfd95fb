import { TaskError } from "../domain/errors";
import type { Task } from "../domain/task";
import type { CancelSignal, Log, TaskRepository } from "../ports";
import { byFilter, byIds } from "./count-matching";
import { getTask } from "./read-tasks";

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
    const current = await getTask(deps.repo, id);
    throw new TaskError("CONFLICT", `cannot cancel task ${id}: it is ${current.status}`);
  }
  await signal(deps, [task]);
  return task;
}

/** Cancels those of `ids` that can be cancelled; the others are counted as skipped. */
export const cancelTasks = byIds(async (deps: CancelDeps, ids, actor) => {
  const canceled = await deps.repo.cancel(ids, actor);
  await signal(deps, canceled);
  return canceled;
});

/**
 * Cancels up to `chunk` cancellable tasks matching `filter`, and says how many remain (see
 * byFilter). Refused (CONFLICT) when more tasks match than the caller confirmed.
 */
export const cancelMatching = byFilter("cancel", cancelTasks);
