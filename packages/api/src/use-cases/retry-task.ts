import { TaskError } from "../domain/errors";
import type { Task } from "../domain/task";
import { type PublishDeps, publishNow } from "./publish-now";

/** Operator retry: FAILED → PENDING with a fresh set of attempts, then published like a new task. */
export async function retryTask(deps: PublishDeps, id: number): Promise<Task> {
  const task = await deps.repo.requeue(id);
  if (!task) {
    const current = await deps.repo.findById(id);
    if (!current) throw new TaskError("NOT_FOUND", `task ${id} not found`);
    throw new TaskError(
      "CONFLICT",
      `cannot retry task ${id}: it is ${current.status}, only FAILED tasks can be retried`,
    );
  }
  await publishNow(deps, [id]);
  return task;
}
