import { TaskError } from "../domain/errors";
import type { BulkByIdsResult, BulkMatchingResult, TaskFilter } from "../domain/task";
import { type TaskStatus, TRANSITIONS } from "../domain/task-state";
import type { TaskRepository } from "../ports";

/** How many tasks match `filter` and are in one of `statuses` (what a bulk action has left to do). */
export async function countMatching(
  repo: TaskRepository,
  filter: TaskFilter,
  statuses: readonly TaskStatus[],
): Promise<number> {
  const counts = await repo.countByStatus(filter);
  return statuses.reduce((sum, status) => sum + counts[status], 0);
}

/** Who asks for a bulk action by filter, and how many matching tasks they confirmed. */
export interface BulkOptions {
  actor?: string | null;
  /** Omitted: no check (in-process callers that just counted themselves). */
  expectedCount?: number;
}

/** CONFLICT when more tasks match now than the caller confirmed: they should look again. */
export async function refuseIfGrown(
  repo: TaskRepository,
  filter: TaskFilter,
  statuses: readonly TaskStatus[],
  expectedCount: number | undefined,
  action: string,
): Promise<void> {
  if (expectedCount === undefined) return;
  const now = await countMatching(repo, filter, statuses);
  if (now > expectedCount) {
    throw new TaskError(
      "CONFLICT",
      `${now} tasks match now, more than the ${expectedCount} confirmed: review the filter and confirm the ${action} again`,
    );
  }
}

/**
 * A bulk action by ids: `apply` gets the distinct ids, changes those it can and returns them; the
 * others are counted as skipped.
 */
export function byIds<Deps>(
  apply: (deps: Deps, ids: number[], actor: string | null) => Promise<readonly unknown[]>,
) {
  return async (
    deps: Deps,
    ids: readonly number[],
    actor: string | null = null,
  ): Promise<BulkByIdsResult> => {
    const unique = [...new Set(ids)];
    const changed = unique.length ? await apply(deps, unique, actor) : [];
    return { changed: changed.length, skipped: unique.length - changed.length };
  };
}

/**
 * The by-filter form of a bulk action by ids. Each call is one chunk: it refuses when more tasks
 * match than the caller confirmed, applies `byIds` to up to `chunk` matching tasks the transition
 * may leave, and says how many remain. Callers loop until `remaining` is 0; repeating a finished run
 * changes nothing.
 */
export function byFilter<Deps extends { repo: TaskRepository }>(
  transition: "cancel" | "retry",
  byIds: (deps: Deps, ids: number[], actor: string | null) => Promise<BulkByIdsResult>,
) {
  return async (
    deps: Deps,
    filter: TaskFilter,
    chunk: number,
    options: BulkOptions = {},
  ): Promise<BulkMatchingResult> => {
    const { from } = TRANSITIONS[transition];
    await refuseIfGrown(deps.repo, filter, from, options.expectedCount, transition);
    const ids = await deps.repo.findIds(filter, from, chunk);
    const { changed } = await byIds(deps, ids, options.actor ?? null);
    return { changed, remaining: await countMatching(deps.repo, filter, from) };
  };
}
