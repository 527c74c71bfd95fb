import {
  type ListQuery,
  TASK_STATUSES,
  type Task,
  type TaskCounts,
  type TaskPage,
  type TaskRepository,
  TRANSITIONS,
} from "@tps/api";
import type { PrismaClient } from "@tps/db";
import { TASK_COLUMNS, type TaskRecord, toTask } from "./task-columns";
import { withDatabase } from "./unavailable";

/** The API's storage port on Postgres. Status changes are single conditional UPDATE … RETURNING. */
export function createTaskRepository(db: PrismaClient): TaskRepository {
  return {
    insertMany: (payloads) =>
      withDatabase(async () => {
        const rows = await db.$queryRaw<TaskRecord[]>`
          INSERT INTO tasks (payload)
          SELECT p FROM unnest(${payloads}::text[]) WITH ORDINALITY AS input(p, n) ORDER BY n
          RETURNING ${TASK_COLUMNS}`;
        return rows.sort((a, b) => a.id - b.id).map(toTask);
      }),

    markPublished: (ids) =>
      withDatabase(async () => {
        await db.$executeRaw`
          UPDATE tasks SET published_at = now(), updated_at = now()
          WHERE id = ANY(${ids}::int[]) AND published_at IS NULL`;
      }),

    findById: (id) =>
      withDatabase(async () => {
        const rows = await db.$queryRaw<TaskRecord[]>`SELECT ${TASK_COLUMNS} FROM tasks WHERE id = ${id}`;
        return rows[0] ? toTask(rows[0]) : null;
      }),

    list: (query: ListQuery) =>
      withDatabase(async (): Promise<TaskPage> => {
        const rows = await db.task.findMany({
          where: { status: query.status, id: query.cursor ? { lt: query.cursor } : undefined },
          orderBy: { id: "desc" },
          take: query.limit + 1,
        });
        const page = rows.slice(0, query.limit);
        return {
          items: page.map(toTask),
          nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
        };
      }),

    countByStatus: () =>
      withDatabase(async () => {
        const rows = await db.$queryRaw<{ status: Task["status"]; count: number }[]>`
          SELECT status::text AS status, count(*)::int AS count FROM tasks GROUP BY status`;
        const counts = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as TaskCounts;
        for (const row of rows) counts[row.status] = row.count;
        return counts;
      }),

    cancel: (id) =>
      withDatabase(async () => {
        const { from, to } = TRANSITIONS.cancel;
        const rows = await db.$queryRaw<TaskRecord[]>`
          UPDATE tasks
          SET status = ${to}::"TaskStatus", canceled_at = now(), finished_at = now(),
              lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
          WHERE id = ${id} AND status = ANY(${from}::"TaskStatus"[])
          RETURNING ${TASK_COLUMNS}`;
        return rows[0] ? toTask(rows[0]) : null;
      }),

    requeue: (id) =>
      withDatabase(async () => {
        const { from, to } = TRANSITIONS.requeue;
        const rows = await db.$queryRaw<TaskRecord[]>`
          UPDATE tasks
          SET status = ${to}::"TaskStatus", attempts = 0, available_at = now(), published_at = NULL,
              started_at = NULL, finished_at = NULL, updated_at = now()
          WHERE id = ${id} AND status = ANY(${from}::"TaskStatus"[])
          RETURNING ${TASK_COLUMNS}`;
        return rows[0] ? toTask(rows[0]) : null;
      }),
  };
}
