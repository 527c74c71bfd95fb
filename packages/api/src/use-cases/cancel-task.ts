import { TaskError } from "../domain/errors";
import type { Task } from "../domain/task";
import type { CancelSignal, Log, TaskRepository } from "../ports";

export interface CancelTaskDeps {
  repo: TaskRepository;
  cancelSignal: CancelSignal;
  log: Log;
}

/**
 * Cancels a PENDING or PROCESSING task. The database write decides; the Redis signal only makes the
 * consumer stop sooner, so a cache outage is logged and the cancel still succeeds (the consumer then
 * notices at its next lease renewal, and its conditional settle never completes a cancelled task).
 */
export async function cancelTask(deps: CancelTaskDeps, id: number): Promise<Task> {
  const task = await deps.repo.cancel(id);
  if (!task) {
    const current = await deps.repo.findById(id);
    if (!current) throw new TaskError("NOT_FOUND", `task ${id} not found`);
    throw new TaskError("CONFLICT", `cannot cancel task ${id}: it is ${current.status}`);
  }
  try {
    await deps.cancelSignal.announce(id);
  } catch (error) {
    deps.log.warn({ err: error, taskId: id }, "cancel stored, but the cancel signal could not be sent");
  }
  return task;
}
