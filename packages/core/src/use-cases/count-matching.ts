import type { TaskFilter } from "../domain/task";
import type { TaskStatus } from "../domain/task-state";
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
