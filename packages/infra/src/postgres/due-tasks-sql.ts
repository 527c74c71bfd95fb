import { EXPIRED_ERROR, type TaskRef, TRANSITIONS } from "@tps/core";
import { Prisma, type PrismaClient, safeNumber, sqlOf } from "@tps/db";
import { allowedFrom } from "./transition-sql";

/**
 * How long publishDue leaves an unpublished task to the API's own publish: only a task the API sent
 * and that never started (its publish may still land). A task released after a lost lease was
 * started (it goes at once); the API never sends a delayed task (available_at after created_at), a
 * task held by a limit (waiting_on) or a schedule's tick (schedule_id).
 */
const publishGrace = (graceMs: number) => Prisma.sql`(CASE WHEN started_at IS NULL
    AND available_at <= created_at AND waiting_on IS NULL AND schedule_id IS NULL
    THEN ${graceMs} ELSE 0 END * interval '1 millisecond')`;

/** A PENDING task past its expiry: it may no longer start (it is expired instead). */
export const PAST_EXPIRY = Prisma.sql`(${allowedFrom("expire")} AND expires_at <= now()) IS TRUE`;

/**
 * CTEs `expired` (rows of `ids`, a query of ids already locked, moved PENDING → CANCELED as
 * "expired", RETURNING id, type, attempts) and `expired_steps` (their timeline step).
 */
export const expireRows = (ids: Prisma.Sql) => Prisma.sql`expired AS (
    UPDATE tasks SET status = ${TRANSITIONS.expire.to}::"TaskStatus", canceled_at = now(), finished_at = now(),
           last_error = ${EXPIRED_ERROR}, waiting_on = NULL, updated_at = now()
    WHERE id = ANY(ARRAY(${ids})) AND ${PAST_EXPIRY}
    RETURNING id, type, attempts
  ), expired_steps AS (
    INSERT INTO task_events (task_id, type, attempt) SELECT id, 'expired', attempts FROM expired
  )`;

/**
 * WorkStore.publishDue: one short statement picks the due rows (highest priority first), marks them
 * published and writes their 'published' step, so another reconciler skips them; the broker is
 * called after it commits, never inside a transaction. Not sent: the mark and its step are taken
 * back where the mark is still ours (a claim or a cancel since then leaves the task alone).
 */
export async function publishDue(
  db: PrismaClient,
  limit: number,
  graceMs: number,
  publish: (tasks: TaskRef[]) => Promise<void>,
): Promise<number> {
  const sql = sqlOf(db);
  // Highest priority first, then the longest due: a walk of tasks_unpublished_priority_idx
  // (priority DESC, available_at over unpublished PENDING rows) that stops at `limit`, so a huge
  // backlog (after a broker outage) is not sorted whole for every batch.
  const marked = await sql.query<{ id: number; type: string; priority: number; mark: Date }>(Prisma.sql`
    WITH due AS (
      SELECT id FROM tasks
      WHERE ${allowedFrom("claim")} AND published_at IS NULL AND available_at <= now()
        AND available_at + ${publishGrace(graceMs)} <= now()
      ORDER BY priority DESC, available_at LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ), marked AS (
      UPDATE tasks SET published_at = now(), updated_at = now()
      WHERE id = ANY(ARRAY(SELECT id FROM due))
      RETURNING id, type, priority, available_at, published_at AS mark
    ), timeline AS (
      INSERT INTO task_events (task_id, type, detail, at) SELECT id, 'published', 'reconciler', mark FROM marked
    )
    SELECT id, type, priority, mark FROM marked ORDER BY priority DESC, available_at, id`);
  if (marked.length === 0) return 0;
  try {
    await publish(
      marked.map(({ id, type, priority }) =>
        priority ? { id: safeNumber(id), type, priority } : { id: safeNumber(id), type },
      ),
    );
  } catch (error) {
    const ids = marked.map((r) => r.id);
    await sql.query(Prisma.sql`
      WITH unmarked AS (
        UPDATE tasks SET published_at = NULL, updated_at = now()
        WHERE id = ANY(${ids}::bigint[]) AND ${allowedFrom("claim")} AND published_at = ${marked[0]!.mark}
        RETURNING id
      )
      DELETE FROM task_events AS e USING unmarked AS u
      WHERE e.task_id = u.id AND e.type = 'published' AND e.at = ${marked[0]!.mark}`);
    throw error;
  }
  return marked.length;
}

/** WorkStore.nextPublishInMs: the earliest rows of tasks_unpublished_idx (the grace only delays them). */
export async function nextPublishInMs(db: PrismaClient, graceMs: number): Promise<number | null> {
  const [row] = await sqlOf(db).query<{ ms: number | null }>(Prisma.sql`
    SELECT greatest(0, extract(epoch FROM min(available_at + ${publishGrace(graceMs)}) - now()) * 1000)::float8 AS ms
    FROM (SELECT * FROM tasks WHERE ${allowedFrom("claim")} AND published_at IS NULL
          ORDER BY available_at LIMIT 100) AS next`);
  return row?.ms ?? null;
}

/** WorkStore.expireDue: PENDING tasks past their expiry, oldest expiry first, skipping locked rows. */
export function expireDue(db: PrismaClient, limit: number): Promise<TaskRef[]> {
  return sqlOf(db).query<TaskRef>(Prisma.sql`
    WITH due AS (
      SELECT id FROM tasks WHERE ${allowedFrom("expire")} AND expires_at <= now()
      ORDER BY expires_at LIMIT ${limit} FOR UPDATE SKIP LOCKED
    ), ${expireRows(Prisma.sql`SELECT id FROM due`)}
    SELECT id, type FROM expired ORDER BY id`);
}
