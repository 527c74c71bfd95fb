import type { CreatedTask } from "../domain/idempotency";
import type { NewTask } from "../domain/task";
import { type PublishDeps, publishNow } from "./publish-now";

/**
 * Inserts the tasks in one statement, marked as published, then sends them (see publishNow; if
 * sending fails they are returned unpublished). A delayed task (run time ahead) is stored unpublished
 * and not sent: the reconcilers' publish loop sends it when it is due. Items may carry an idempotency key (with its scope):
 * a key that names a task within its window returns that task as it is, neither inserted nor
 * published again, marked `replayed: true`; a key reused for another create throws
 * IdempotencyConflictError, and nothing of the call is inserted (see TaskRepository.insertIdempotent).
 */
export async function createTasks(
  deps: PublishDeps,
  input: readonly (string | NewTask)[],
): Promise<CreatedTask[]> {
  const items = input.map((i) => (typeof i === "string" ? { payload: i } : i));
  const results = items.some((i) => i.idempotencyKey !== undefined)
    ? await deps.repo.insertIdempotent(items)
    : (await deps.repo.insertMany(items)).map((task) => ({ task, created: true }));
  const fresh = results.filter((r) => r.created && r.task.publishedAt !== null).map((r) => r.task);
  const published = fresh.length === 0 || (await publishNow(deps, fresh));
  return results.map(({ task, created }): CreatedTask => {
    if (!created) return { ...task, replayed: true };
    return published ? task : { ...task, publishedAt: null };
  });
}
