import { TaskError } from "../domain/errors";
import type { Task, TaskFilter } from "../domain/task";
import { TRANSITIONS } from "../domain/task-state";
import { countMatching } from "./count-matching";
import { type PublishDeps, publishNow } from "./publish-now";

/** Operator retry: FAILED → PENDING with a fresh set of attempts, then published like a new task. */
export async function retryTask(deps: PublishDeps, id: number): Promise<Task> {
  const [task] = await deps.repo.requeue([id]);
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

/** Retries those of `ids` that are FAILED; the others are reported as skipped. */
export async function retryTasks(deps: PublishDeps, ids: readonly number[]) {
  const retried = ids.length ? (await deps.repo.requeue(ids)).map((t) => t.id) : [];
  if (retried.length) await publishNow(deps, retried);
  const done = new Set(retried);
  return { retried, skipped: ids.filter((id) => !done.has(id)) };
}

/** Retries up to `chunk` FAILED tasks matching `filter`; call again until `remaining` is 0. */
export async function retryMatching(deps: PublishDeps, filter: TaskFilter, chunk: number) {
  const { from } = TRANSITIONS.requeue;
  const { retried } = await retryTasks(deps, await deps.repo.findIds(filter, from, chunk));
  return { retried: retried.length, remaining: await countMatching(deps.repo, filter, from) };
}
