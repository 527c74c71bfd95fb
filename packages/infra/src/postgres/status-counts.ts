import { TASK_STATUSES, type Task, type TaskCounts, type TaskFilter } from "@tps/core";
import type { PrismaClient } from "@tps/db";
import { filterSql } from "./task-filter-sql";

const zeroCounts = () => Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as TaskCounts;

/** A filter that narrows by status and type at most: its counts come from the counter table. */
export const countsFromCounters = (filter: TaskFilter) =>
  !filter.search && !filter.createdFrom && !filter.createdTo;

/**
 * Counts per status. Without a search or date range they are read from `task_status_counts` (16
 * shard rows per status kept exact by triggers on `tasks`, see its migration): constant time at any
 * table size. Other filters count the matching rows.
 */
export async function countByStatus(db: PrismaClient, filter: TaskFilter): Promise<TaskCounts> {
  const rows = countsFromCounters(filter)
    ? await db.$queryRaw<{ status: Task["status"]; count: number }[]>`
        SELECT status::text AS status, sum(count)::int AS count FROM task_status_counts
        WHERE (${filter.status ?? null}::"TaskStatus" IS NULL OR status = ${filter.status ?? null}::"TaskStatus")
          AND (${filter.type ?? null}::text IS NULL OR type = ${filter.type ?? null}::text)
        GROUP BY status`
    : await db.$queryRaw<{ status: Task["status"]; count: number }[]>`
        SELECT status::text AS status, count(*)::int AS count FROM tasks
        WHERE ${filterSql(filter)} GROUP BY status`;
  const counts = zeroCounts();
  for (const row of rows) counts[row.status] = row.count;
  return counts;
}
