import { type PurgeCriteria, TERMINAL_STATUSES } from "@tps/core";
import { type PrismaClient, safeNumber } from "@tps/db";
import { lockInIdOrder } from "./lock-order";
import { statusIn } from "./transition-sql";

/**
 * One retention batch: up to `limit` finished tasks, oldest finished first (a walk of the partial
 * index tasks_finished_at_idx), locked with SKIP LOCKED so the batch never waits on a row a cancel,
 * retry or settle holds. Their timelines go with them through the foreign key's ON DELETE CASCADE
 * (an index lookup per task on task_events_task_id_idx), and the status counters through the
 * statement trigger on `tasks`. A short statement: rows are locked only for its duration.
 */
export async function purgeFinished(
  db: PrismaClient,
  { finishedBefore, statuses, limit }: PurgeCriteria,
): Promise<number> {
  const finished = statuses.filter((s) => TERMINAL_STATUSES.includes(s));
  if (finished.length === 0 || limit <= 0) return 0;
  return db.$executeRaw`
    WITH doomed AS (
      SELECT id FROM tasks
      WHERE finished_at IS NOT NULL AND finished_at < ${finishedBefore} AND ${statusIn(finished)}
      ORDER BY finished_at, id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    DELETE FROM tasks WHERE id IN (SELECT id FROM doomed) AND ${statusIn(finished)}`;
}

/** Deletes those of `ids` that are finished (rows locked in id order, like every bulk write). */
export async function deleteFinished(db: PrismaClient, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db.$queryRaw<{ id: bigint }[]>`
    WITH locked AS (${lockInIdOrder(ids)}), deleted AS (
      DELETE FROM tasks WHERE id = ANY(ARRAY(SELECT id FROM locked)) AND ${statusIn(TERMINAL_STATUSES)}
      RETURNING id
    )
    SELECT id FROM deleted ORDER BY id`;
  return rows.map((r) => safeNumber(r.id));
}

/** How many tasks a purge with these criteria would delete (for a dry run and a progress bar's total). */
export async function countPurgeable(
  db: PrismaClient,
  { finishedBefore, statuses }: Omit<PurgeCriteria, "limit">,
): Promise<number> {
  const finished = statuses.filter((s) => TERMINAL_STATUSES.includes(s));
  if (finished.length === 0) return 0;
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM tasks
    WHERE finished_at IS NOT NULL AND finished_at < ${finishedBefore} AND ${statusIn(finished)}`;
  return row?.n ?? 0;
}
