import { TaskError } from "../domain/errors";
import type { Task } from "../domain/task";
import { byFilter, byIds } from "./count-matching";
import { type PublishDeps, publishNow } from "./publish-now";
import { getTask } from "./read-tasks";

/** Operator retry: FAILED → PENDING with a fresh set of attempts, then published like a new task. */
export async function retryTask(deps: PublishDeps, id: number, actor: string | null = null): Promise<Task> {
  const [task] = await deps.repo.retry([id], actor);
  if (!task) {
    const current = await getTask(deps.repo, id);
    throw new TaskError(
      "CONFLICT",
      `cannot retry task ${id}: it is ${current.status}, only FAILED tasks can be retried`,
    );
  }
  return (await publishNow(deps, [task])) ? task : { ...task, publishedAt: null };
}

/**
 * Operator "retry now": a PENDING task waiting out the backoff after a failed attempt becomes due
 * and is published at once, keeping its attempts.
 */
export async function retryTaskNow(
  deps: PublishDeps,
  id: number,
  actor: string | null = null,
): Promise<Task> {
  const [task] = await deps.repo.retryNow([id], actor);
  if (!task) {
    const current = await getTask(deps.repo, id);
    const why = current.status === "PENDING" ? "it is already due" : `it is ${current.status}`;
    throw new TaskError(
      "CONFLICT",
      `cannot retry task ${id} now: ${why}, only a PENDING task waiting for its next attempt can be`,
    );
  }
  return (await publishNow(deps, [task])) ? task : { ...task, publishedAt: null };
}

/** Retries those of `ids` that are FAILED; the others are counted as skipped. */
export const retryTasks = byIds(async (deps: PublishDeps, ids, actor) => {
  const retried = await deps.repo.retry(ids, actor);
  if (retried.length) await publishNow(deps, retried);
  return retried;
});

/** Retries up to `chunk` FAILED tasks matching `filter`; call again until `remaining` is 0. */
export const retryMatching = byFilter("retry", retryTasks);
