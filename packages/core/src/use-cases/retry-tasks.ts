import { TaskError } from "../domain/errors";
import type { BulkByIdsResult, BulkMatchingResult, Task, TaskFilter } from "../domain/task";
import { applyToMatching, type BulkOptions } from "./count-matching";
import { type PublishDeps, publishNow } from "./publish-now";

/** Operator retry: FAILED → PENDING with a fresh set of attempts, then published like a new task. */
export async function retryTask(deps: PublishDeps, id: number, actor: string | null = null): Promise<Task> {
  const [task] = await deps.repo.retry([id], actor);
  if (!task) {
    const current = await deps.repo.findById(id);
    if (!current) throw new TaskError("NOT_FOUND", `task ${id} not found`);
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
    const current = await deps.repo.findById(id);
    if (!current) throw new TaskError("NOT_FOUND", `task ${id} not found`);
    const why = current.status === "PENDING" ? "it is already due" : `it is ${current.status}`;
    throw new TaskError(
      "CONFLICT",
      `cannot retry task ${id} now: ${why}, only a PENDING task waiting for its next attempt can be`,
    );
  }
  return (await publishNow(deps, [task])) ? task : { ...task, publishedAt: null };
}

/** Retries those of `ids` that are FAILED; the others are counted as skipped. */
export async function retryTasks(
  deps: PublishDeps,
  ids: readonly number[],
  actor: string | null = null,
): Promise<BulkByIdsResult> {
  const unique = [...new Set(ids)];
  const retried = unique.length ? await deps.repo.retry(unique, actor) : [];
  if (retried.length) await publishNow(deps, retried);
  return { changed: retried.length, skipped: unique.length - retried.length };
}

/** Retries up to `chunk` FAILED tasks matching `filter`; call again until `remaining` is 0. */
export function retryMatching(
  deps: PublishDeps,
  filter: TaskFilter,
  chunk: number,
  options: BulkOptions = {},
): Promise<BulkMatchingResult> {
  return applyToMatching(deps.repo, "retry", { filter, chunk, options }, (ids, actor) =>
    retryTasks(deps, ids, actor),
  );
}
