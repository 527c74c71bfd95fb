import type { NewTask, Task } from "../domain/task";
import { type PublishDeps, publishNow } from "./publish-now";

/**
 * Inserts the tasks in one statement, marked as published, then sends them (see publishNow; if
 * sending fails they are returned unpublished). Items may carry an idempotency key: a key seen
 * before returns its task as it is, neither inserted nor published again.
 */
export async function createTasks(deps: PublishDeps, input: readonly (string | NewTask)[]): Promise<Task[]> {
  const items = input.map((i) => (typeof i === "string" ? { payload: i } : i));
  const results = items.some((i) => i.idempotencyKey !== undefined)
    ? await deps.repo.insertIdempotent(items)
    : (await deps.repo.insertMany(items)).map((task) => ({ task, created: true }));
  const fresh = results.filter((r) => r.created).map((r) => r.task);
  if (fresh.length === 0 || (await publishNow(deps, fresh))) return results.map((r) => r.task);
  return results.map((r) => (r.created ? { ...r.task, publishedAt: null } : r.task));
}
