import type { BulkMatchingResult, TaskFilter } from "../domain/task";
import { TERMINAL_STATUSES } from "../domain/task-state";
import type { TaskRepository } from "../ports";
import { type BulkOptions, byIds, countMatching, refuseIfGrown } from "./count-matching";

/** Deletes those of `ids` that are finished, with their timelines; the others are counted as skipped. */
export const deleteTasks = byIds((repo: TaskRepository, ids) => repo.deleteFinished(ids));

/**
 * Deletes up to `chunk` finished tasks matching `filter` and says how many remain; call again until
 * `remaining` is 0. Refused (CONFLICT) when more finished tasks match than the caller confirmed.
 */
export async function deleteMatching(
  repo: TaskRepository,
  filter: TaskFilter,
  chunk: number,
  options: BulkOptions = {},
): Promise<BulkMatchingResult> {
  await refuseIfGrown(repo, filter, TERMINAL_STATUSES, options.expectedCount, "delete");
  const { changed } = await deleteTasks(repo, await repo.findIds(filter, TERMINAL_STATUSES, chunk));
  return { changed, remaining: await countMatching(repo, filter, TERMINAL_STATUSES) };
}
