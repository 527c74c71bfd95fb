import {
  type Activity,
  IDEMPOTENCY_WINDOW_MS,
  type ListCriteria,
  RETRY_NOW_DETAIL,
  type TaskRepository,
  type TimelineEntry,
  type TimelineType,
  TRANSITIONS,
} from "@tps/core";
import { Prisma, type PrismaClient, safeNumber, sqlOf } from "@tps/db";
import { type KeyedRecord, keyColumnsOf, resultsOf, skippedKeys } from "./idempotent-results";
import { columnsOf, runArrays, runColumns } from "./insert-columns";
import { lockInIdOrder } from "./lock-order";
import { deleteFinished, purgeFinished } from "./retention-sql";
import { countByStatus } from "./status-counts";
import { TASK_COLUMNS, type TaskRecord, toTask } from "./task-columns";
import { filterSql, pageIdsSql } from "./task-filter-sql";
import { allowedFrom, statusIn } from "./transition-sql";
import { withDatabase } from "./unavailable";

/** Timeline steps as rows (type, n), in order: joined to a task set, one row per task and step. */
const STEPS = (types: readonly TimelineType[]) =>
  Prisma.sql`unnest(${types}::text[]) WITH ORDINALITY AS step(type, n)`;

/**
 * A new task's first steps: created, and published (marked before its message is sent) unless it is
 * delayed (the reconcilers publish it when due).
 */
const createdSteps = Prisma.sql`
  INSERT INTO task_events (task_id, type, at)
  SELECT id, step.type, "createdAt" FROM inserted, ${STEPS(["created", "published"])}
  WHERE step.type = 'created' OR "publishedAt" IS NOT NULL
  ORDER BY id, step.n`;

/** An idempotent insert's transaction: waits for a connection as the pool does, runs past a statement timeout. */
const IDEMPOTENT_TRANSACTION = { maxWait: 5_000, timeout: 35_000 };

/**
 * The API's storage port on Postgres. Every status change is one conditional UPDATE … RETURNING that
 * also appends the step to the task's timeline (task_events) in the same statement.
 */
export function createTaskRepository(db: PrismaClient): TaskRepository {
  // Creates run for every task: straight on node-postgres (see sqlOf).
  const sql = sqlOf(db);
  return {
    insertMany: (items) =>
      withDatabase(async () => {
        const columns = columnsOf(items);
        const { types, payloads, attempts } = columns;
        const rows = await sql.query<TaskRecord>(Prisma.sql`
          WITH inserted AS (
            INSERT INTO tasks (type, payload, max_attempts, available_at, expires_at, priority, schedule_id, published_at)
            SELECT t, p, a, ${runColumns}
            FROM unnest(${types}::text[], ${payloads}::text[], ${attempts}::int[], ${runArrays(columns)})
              WITH ORDINALITY AS input(t, p, a, r, e, pr, sc, n) ORDER BY n
            RETURNING ${TASK_COLUMNS}
          ), timeline AS (${createdSteps})
          SELECT * FROM inserted ORDER BY id`);
        return rows.map(toTask);
      }),

    insertIdempotent: (items, { windowMs = IDEMPOTENCY_WINDOW_MS } = {}) =>
      withDatabase(() =>
        db.$transaction(async (tx) => {
          const columns = columnsOf(items);
          const { types, payloads, attempts } = columns;
          const { scopes, keys } = keyColumnsOf(items);
          const windowStart = Prisma.sql`now() - ${windowMs} * interval '1 millisecond'`;
          // A key whose task is older than the window is free again: that task gives it up (an UPDATE
          // only when there is one, as every UPDATE of tasks runs its statement triggers).
          const expired = await tx.$queryRaw<{ id: bigint }[]>`
            SELECT t.id FROM unnest(${scopes}::text[], ${keys}::text[]) AS w(scope, key)
            JOIN tasks AS t ON t.idempotency_key = w.key AND t.idempotency_scope = w.scope
            WHERE t.created_at <= ${windowStart}`;
          if (expired.length > 0)
            await tx.$executeRaw`UPDATE tasks SET idempotency_key = NULL WHERE id = ANY(${expired.map((r) => r.id)}::bigint[])`;
          // ON CONFLICT DO NOTHING waits for a concurrent insert of the same key to commit, then
          // skips. A key stored before scopes (scope NULL) is every scope's until its window ends.
          const inserted = await tx.$queryRaw<KeyedRecord[]>`
            WITH inserted AS (
              INSERT INTO tasks (type, payload, max_attempts, idempotency_scope, idempotency_key,
                                 available_at, expires_at, priority, schedule_id, published_at)
              SELECT t, p, a, s, k, ${runColumns}
              FROM unnest(${types}::text[], ${payloads}::text[], ${attempts}::int[], ${scopes}::text[], ${keys}::text[],
                          ${runArrays(columns)})
                WITH ORDINALITY AS input(t, p, a, s, k, r, e, pr, sc, n)
              WHERE NOT EXISTS (
                SELECT FROM tasks AS legacy WHERE legacy.idempotency_key = input.k
                  AND legacy.idempotency_scope IS NULL AND legacy.created_at > ${windowStart})
              ORDER BY n
              ON CONFLICT (idempotency_key, idempotency_scope) WHERE idempotency_key IS NOT NULL DO NOTHING
              RETURNING ${TASK_COLUMNS}, idempotency_scope AS scope, idempotency_key AS key
            ), timeline AS (${createdSteps})
            SELECT * FROM inserted ORDER BY id`;
          // The tasks holding the skipped keys, read by a later statement, whose snapshot sees them.
          const skipped = skippedKeys(items, inserted);
          const holders = skipped.keys.length
            ? await tx.$queryRaw<KeyedRecord[]>`
                SELECT ${TASK_COLUMNS}, w.scope, w.key
                FROM unnest(${skipped.scopes}::text[], ${skipped.keys}::text[]) AS w(scope, key)
                JOIN tasks ON idempotency_key = w.key AND (idempotency_scope = w.scope
                  OR (idempotency_scope IS NULL AND created_at > ${windowStart}))`
            : [];
          return resultsOf(items, inserted, holders); // a conflict throws: the call is rolled back
        }, IDEMPOTENT_TRANSACTION),
      ),

    unmarkPublished: (marks) =>
      withDatabase(async () => {
        const ids = marks.map((m) => m.id);
        const at = marks.map((m) => m.publishedAt);
        await db.$executeRaw`
          WITH locked AS (${lockInIdOrder(ids)}), unmarked AS (
            UPDATE tasks AS t SET published_at = NULL, updated_at = now()
            FROM unnest(${ids}::bigint[], ${at}::timestamptz[]) AS m(id, at)
            WHERE t.id = m.id AND t.id = ANY(ARRAY(SELECT id FROM locked))
              AND t.${allowedFrom("claim")} AND t.published_at = m.at
            RETURNING t.id, m.at
          )
          DELETE FROM task_events AS e USING unmarked AS u
          WHERE e.task_id = u.id AND e.type = 'published' AND e.at = u.at`;
      }),

    findById: (id) =>
      withDatabase(async () => {
        const rows = await db.$queryRaw<TaskRecord[]>`SELECT ${TASK_COLUMNS} FROM tasks WHERE id = ${id}`;
        return rows[0] ? toTask(rows[0]) : null;
      }),

    list: ({ filter, sort, after, limit }: ListCriteria) =>
      withDatabase(async () => {
        const rows =
          sort === "finished"
            ? await db.$queryRaw<TaskRecord[]>`
                SELECT ${TASK_COLUMNS} FROM tasks
                WHERE ${filterSql(filter)} AND finished_at IS NOT NULL
                  AND (${!after}::boolean OR (finished_at, id) < (${after?.finishedAt ?? null}::timestamptz, ${after?.id ?? 0}))
                ORDER BY finished_at DESC, id DESC LIMIT ${limit + 1}`
            : // The page's ids first, then its rows: a status + search walk can then be index-only.
              await db.$queryRaw<TaskRecord[]>`
                WITH page AS MATERIALIZED (${pageIdsSql(filter, after?.id ?? null, limit + 1)})
                SELECT ${TASK_COLUMNS} FROM tasks WHERE id IN (SELECT id FROM page) ORDER BY id DESC`;
        const page = rows.slice(0, limit);
        const last = page.at(-1);
        const next =
          rows.length > limit && last
            ? {
                id: safeNumber(last.id),
                ...(sort === "finished" ? { finishedAt: last.finishedAt!.toISOString() } : {}),
              }
            : null;
        return { items: page.map(toTask), next };
      }),

    countByStatus: (filter = {}) => withDatabase(() => countByStatus(db, filter)),

    findIds: (filter, statuses, limit) =>
      withDatabase(async () => {
        const rows = await db.$queryRaw<{ id: bigint }[]>`
          SELECT id FROM tasks WHERE ${filterSql(filter)} AND status = ANY(${statuses}::"TaskStatus"[])
          ORDER BY id LIMIT ${limit}`;
        return rows.map((r) => safeNumber(r.id));
      }),

    cancel: (ids, actor = null) =>
      withDatabase(async () => {
        const { from, to } = TRANSITIONS.cancel;
        const rows = await db.$queryRaw<TaskRecord[]>`
          WITH locked AS (${lockInIdOrder(ids)}), canceled AS (
            UPDATE tasks
            SET status = ${to}::"TaskStatus", canceled_at = now(), finished_at = now(),
                lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL, updated_at = now()
            WHERE id = ANY(ARRAY(SELECT id FROM locked)) AND ${statusIn(from)}
            RETURNING ${TASK_COLUMNS}
          ), timeline AS (
            INSERT INTO task_events (task_id, type, attempt, actor)
            SELECT id, 'canceled', attempts, ${actor}::text FROM canceled
          )
          SELECT * FROM canceled ORDER BY id`;
        return rows.map(toTask);
      }),

    retry: (ids, actor = null) =>
      withDatabase(async () => {
        const { from, to } = TRANSITIONS.retry;
        const rows = await db.$queryRaw<TaskRecord[]>`
          WITH locked AS (${lockInIdOrder(ids)}), retried AS (
            UPDATE tasks
            SET status = ${to}::"TaskStatus", attempts = 0, lease_losses = 0, available_at = now(), published_at = now(),
                expires_at = NULL, waiting_on = NULL,
                started_at = NULL, finished_at = NULL, updated_at = now()
            WHERE id = ANY(ARRAY(SELECT id FROM locked)) AND ${statusIn(from)}
            RETURNING ${TASK_COLUMNS}
          ), timeline AS (
            INSERT INTO task_events (task_id, type, actor, at)
            SELECT id, step.type, CASE WHEN step.type = 'retried' THEN ${actor}::text END, "publishedAt"
            FROM retried, ${STEPS(["retried", "published"])}
            ORDER BY id, step.n
          )
          SELECT * FROM retried ORDER BY id`;
        return rows.map(toTask);
      }),

    retryNow: (ids, actor = null) =>
      withDatabase(async () => {
        const { from } = TRANSITIONS.retryNow;
        const rows = await db.$queryRaw<TaskRecord[]>`
          WITH locked AS (${lockInIdOrder(ids)}), due AS (
            UPDATE tasks SET available_at = now(), published_at = now(), updated_at = now()
            WHERE id = ANY(ARRAY(SELECT id FROM locked)) AND ${statusIn(from)} AND available_at > now()
            RETURNING ${TASK_COLUMNS}
          ), timeline AS (
            INSERT INTO task_events (task_id, type, attempt, detail, actor, at)
            SELECT id, step.type, CASE WHEN step.type = 'retried' THEN attempts END,
                   CASE WHEN step.type = 'retried' THEN ${RETRY_NOW_DETAIL} END,
                   CASE WHEN step.type = 'retried' THEN ${actor}::text END, "publishedAt"
            FROM due, ${STEPS(["retried", "published"])}
            ORDER BY id, step.n
          )
          SELECT * FROM due ORDER BY id`;
        return rows.map(toTask);
      }),

    events: (id) =>
      withDatabase(async () => {
        const rows = await db.$queryRaw<(Omit<TimelineEntry, "at"> & { at: Date })[]>`
          SELECT type, at, attempt, consumer, detail, actor FROM task_events WHERE task_id = ${id} ORDER BY id`;
        return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
      }),

    purgeFinished: (criteria) => withDatabase(() => purgeFinished(db, criteria)),

    deleteFinished: (ids) => withDatabase(() => deleteFinished(db, ids)),

    activity: (windowMinutes, bucketSeconds) =>
      withDatabase(async (): Promise<Activity> => {
        const [finished, created, [latency]] = await Promise.all([
          db.$queryRaw<{ at: Date; completed: number; canceled: number; failed: number }[]>`
            SELECT to_timestamp(floor(extract(epoch FROM finished_at) / ${bucketSeconds}) * ${bucketSeconds}) AS at,
                   count(*) FILTER (WHERE status = 'COMPLETED')::int AS completed,
                   count(*) FILTER (WHERE status = 'CANCELED')::int AS canceled,
                   count(*) FILTER (WHERE status = 'FAILED')::int AS failed
            FROM tasks WHERE finished_at >= now() - make_interval(mins => ${windowMinutes})
            GROUP BY 1`,
          db.$queryRaw<{ at: Date; created: number }[]>`
            SELECT to_timestamp(floor(extract(epoch FROM created_at) / ${bucketSeconds}) * ${bucketSeconds}) AS at,
                   count(*)::int AS created
            FROM tasks WHERE created_at >= now() - make_interval(mins => ${windowMinutes})
            GROUP BY 1`,
          db.$queryRaw<{ since: Date; p50: number | null; p95: number | null; completed: number }[]>`
            SELECT now() - make_interval(mins => ${windowMinutes}) AS since,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - created_at))::float8 AS p50,
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - created_at))::float8 AS p95,
                   count(*)::int AS completed
            FROM tasks
            WHERE status = 'COMPLETED' AND finished_at >= now() - make_interval(mins => ${windowMinutes})`,
        ]);
        const { since, ...percentiles } = latency!;
        return {
          buckets: fillBuckets(since, windowMinutes, bucketSeconds, finished, created),
          latency: percentiles,
        };
      }),
  };
}

/** Every bucket of the window, oldest first, zero where nothing happened. */
function fillBuckets(
  from: Date,
  windowMinutes: number,
  bucketSeconds: number,
  finished: { at: Date; completed: number; canceled: number; failed: number }[],
  created: { at: Date; created: number }[],
): Activity["buckets"] {
  const step = bucketSeconds * 1000;
  const start = Math.floor(from.getTime() / step) * step;
  const count = Math.ceil((windowMinutes * 60_000) / step) + 1;
  const byTime = new Map<number, Activity["buckets"][number]>();
  for (let i = 0; i < count; i++) {
    const at = start + i * step;
    byTime.set(at, { at: new Date(at).toISOString(), completed: 0, canceled: 0, failed: 0, created: 0 });
  }
  for (const { at, ...counts } of finished) Object.assign(byTime.get(at.getTime()) ?? {}, counts);
  for (const { at, created: n } of created) Object.assign(byTime.get(at.getTime()) ?? {}, { created: n });
  return [...byTime.values()];
}
