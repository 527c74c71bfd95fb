import {
  SCHEDULE_LAST_TASKS,
  type ScheduleRecord,
  type ScheduleStore,
  type ScheduleTicker,
  tickAt,
} from "@tps/core";
import { Prisma, type PrismaClient, sqlOf } from "@tps/db";
import { withDatabase } from "./unavailable";

/** A row as node-postgres reads it: the timestamps as Dates. */
interface Row extends Omit<ScheduleRecord, "nextRunAt" | "lastRunAt" | "createdAt" | "updatedAt"> {
  nextRunAt: Date | null;
  lastRunAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A schedule's columns and its newest tasks (a walk of tasks_schedule_idx). */
const COLUMNS = Prisma.sql`
  s.id, s.type, s.payload, s.cron, s.timezone, s.enabled, s.priority::int AS priority,
  s.next_run_at AS "nextRunAt", s.last_run_at AS "lastRunAt", s.ticks_missed AS "ticksMissed",
  s.created_by AS "createdBy", s.created_at AS "createdAt", s.updated_at AS "updatedAt",
  COALESCE((
    SELECT json_agg(json_build_object('id', t.id, 'status', t.status, 'createdAt', t.created_at) ORDER BY t.id DESC)
    FROM (SELECT id, status, created_at FROM tasks WHERE schedule_id = s.id
          ORDER BY id DESC LIMIT ${SCHEDULE_LAST_TASKS}) t
  ), '[]'::json) AS "lastTasks"`;

const iso = (d: Date | null) => d?.toISOString() ?? null;

const toRecord = (row: Row): ScheduleRecord => ({
  ...row,
  nextRunAt: iso(row.nextRunAt),
  lastRunAt: iso(row.lastRunAt),
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  lastTasks: row.lastTasks.map((t) => ({ ...t, createdAt: new Date(t.createdAt).toISOString() })),
});

/** A tick's transaction: waits for a connection as the pool does, bounded well under a lease. */
const TICK_TRANSACTION = { maxWait: 5_000, timeout: 15_000 };

/** Cron schedules on PostgreSQL: the API's store and the workers' ticker. */
export function createScheduleStore(db: PrismaClient): ScheduleStore & ScheduleTicker {
  const sql = sqlOf(db);
  const one = async (statement: Prisma.Sql) => {
    const [row] = await sql.query<Row>(statement);
    return row ? toRecord(row) : null;
  };
  return {
    create: (s) =>
      withDatabase(async () => {
        const row = await one(Prisma.sql`
          WITH s AS (
            INSERT INTO schedules (type, payload, cron, timezone, enabled, priority, next_run_at, created_by)
            VALUES (${s.type}, ${s.payload}, ${s.cron}, ${s.timezone}, ${s.enabled}, ${s.priority},
                    ${s.nextRunAt}::timestamptz, ${s.createdBy})
            RETURNING *)
          SELECT ${COLUMNS} FROM s`);
        return row!;
      }),

    list: (limit) =>
      withDatabase(async () =>
        (
          await sql.query<Row>(Prisma.sql`
            SELECT ${COLUMNS} FROM schedules s ORDER BY s.created_at, s.id LIMIT ${limit}`)
        ).map(toRecord),
      ),

    get: (id) =>
      withDatabase(() => one(Prisma.sql`SELECT ${COLUMNS} FROM schedules s WHERE s.id = ${id}::uuid`)),

    update: (id, c) =>
      withDatabase(() => {
        const set = (column: string, value: unknown, cast = "") =>
          value === undefined
            ? Prisma.empty
            : Prisma.sql`, ${Prisma.raw(column)} = ${value}${Prisma.raw(cast)}`;
        return one(Prisma.sql`
          WITH s AS (
            UPDATE schedules SET updated_at = now()
              ${set("payload", c.payload)} ${set("cron", c.cron)} ${set("timezone", c.timezone)}
              ${set("enabled", c.enabled)} ${set("priority", c.priority, "::smallint")}
              ${set("next_run_at", c.nextRunAt, "::timestamptz")}
            WHERE id = ${id}::uuid
            RETURNING *)
          SELECT ${COLUMNS} FROM s`);
      }),

    delete: (id) =>
      withDatabase(async () => {
        const rows = await sql.query(Prisma.sql`DELETE FROM schedules WHERE id = ${id}::uuid RETURNING id`);
        return rows.length > 0;
      }),

    msUntilNextDue: () =>
      withDatabase(async () => {
        // A walk of schedules_due_idx; the database's clock, as the tick's.
        const [row] = await sql.query<{ ms: number | null }>(Prisma.sql`
          SELECT (extract(epoch FROM min(next_run_at) - now()) * 1000)::float8 AS ms
          FROM schedules WHERE enabled AND next_run_at IS NOT NULL`);
        return row?.ms ?? null;
      }),

    tick: (limit) =>
      withDatabase(() =>
        db.$transaction(async (tx) => {
          const due = await tx.$queryRaw<
            { id: string; cron: string; timezone: string; nextRunAt: Date; now: Date }[]
          >`
            SELECT id, cron, timezone, next_run_at AS "nextRunAt", now() AS now FROM schedules
            WHERE enabled AND next_run_at <= now()
            ORDER BY next_run_at LIMIT ${limit}
            FOR UPDATE SKIP LOCKED`;
          if (due.length === 0) return { tasks: [], missed: 0 };
          const ticks = due.map((s) => ({
            id: s.id,
            due: s.nextRunAt.toISOString(),
            ...tickAt(s.cron, s.timezone, s.nextRunAt, s.now),
          }));
          // One task per due schedule (the type's max_attempts, 3 for a type no worker registered yet),
          // unpublished and due now: the publish loop sends it. Its 'created' step names the schedule
          // and the tick it stands for. The schedule moves past now.
          const made = await tx.$queryRaw<
            { id: bigint; type: string; priority: number; scheduleId: string }[]
          >`
            WITH tick AS (
              SELECT * FROM unnest(${ticks.map((t) => t.id)}::uuid[], ${ticks.map((t) => t.next?.toISOString() ?? null)}::timestamptz[],
                                   ${ticks.map((t) => t.missed)}::int[], ${ticks.map((t) => t.due)}::text[])
                AS tick(id, next, missed, due)
            ), inserted AS (
              INSERT INTO tasks (type, payload, max_attempts, priority, schedule_id, available_at, published_at)
              SELECT s.type, s.payload, COALESCE(tt.max_attempts, 3), s.priority, s.id, now(), NULL
              FROM tick JOIN schedules s ON s.id = tick.id LEFT JOIN task_types tt ON tt.type = s.type
              ORDER BY s.next_run_at, s.id
              RETURNING id, type, priority, schedule_id, created_at
            ), timeline AS (
              INSERT INTO task_events (task_id, type, at, detail)
              SELECT i.id, 'created', i.created_at, 'schedule ' || i.schedule_id || ' tick ' || tick.due
              FROM inserted i JOIN tick ON tick.id = i.schedule_id
            ), moved AS (
              UPDATE schedules s SET next_run_at = tick.next, last_run_at = now(), last_task_id = i.id,
                ticks_missed = s.ticks_missed + tick.missed
              FROM tick JOIN inserted i ON i.schedule_id = tick.id
              WHERE s.id = tick.id
            )
            SELECT id, type, priority::int AS priority, schedule_id::text AS "scheduleId" FROM inserted ORDER BY id`;
          return {
            tasks: made.map((t) => ({
              id: Number(t.id),
              type: t.type,
              priority: t.priority,
              scheduleId: t.scheduleId,
            })),
            missed: ticks.reduce((sum, t) => sum + t.missed, 0),
          };
        }, TICK_TRANSACTION),
      ),
  };
}
