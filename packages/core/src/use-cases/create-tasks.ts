import type { Task } from "../domain/task";
import { type PublishDeps, publishNow } from "./publish-now";

/** Inserts the tasks in one statement, then publishes them (see publishNow for failures). */
export async function createTasks(deps: PublishDeps, payloads: readonly string[]): Promise<Task[]> {
  const tasks = await deps.repo.insertMany(payloads);
  if (!(await publishNow(deps, tasks))) return tasks;
  const publishedAt = new Date().toISOString();
  return tasks.map((t) => ({ ...t, publishedAt }));
}
