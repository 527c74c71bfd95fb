import type { HeldTaskStore, LimitKind } from "@tps/core";
import { Prisma, type PrismaClient, sqlOf } from "@tps/db";
import { allowedFrom } from "./transition-sql";
import { withDatabase } from "./unavailable";

/**
 * Tasks held back by their type's limits, on PostgreSQL. A held task stays PENDING, unpublished,
 * with `waiting_on` (and the concurrency key it counts under) and `available_at` at the time it may
 * try again: the reconcilers' publish loop sends it then, or sooner when a worker frees a slot and
 * wakes it. Wakes and counts read the partial index tasks_waiting_idx (held tasks only).
 */
export function createHeldTaskStore(db: PrismaClient): HeldTaskStore {
  const sql = sqlOf(db);
  return {
    inputs: (ids) =>
      withDatabase(() =>
        sql.query<{ id: number; payload: string }>(Prisma.sql`
          SELECT id, payload FROM tasks
          WHERE id = ANY(${ids}::bigint[]) AND status IN ('PENDING', 'PROCESSING')`),
      ),

    hold: (requests) =>
      withDatabase(async () => {
        if (requests.length === 0) return [];
        const rows = await sql.query<{ id: number }>(Prisma.sql`
          UPDATE tasks AS t
          SET waiting_on = h.waiting_on, concurrency_key = h.concurrency_key, published_at = NULL,
              available_at = now() + h.wait_ms * interval '1 millisecond', updated_at = now()
          FROM unnest(${requests.map((r) => r.id)}::bigint[], ${requests.map((r) => r.waitingOn)}::text[],
                      ${requests.map((r) => r.concurrencyKey)}::text[], ${requests.map((r) => Math.max(0, Math.round(r.waitMs)))}::int[])
               AS h(id, waiting_on, concurrency_key, wait_ms)
          WHERE t.id = h.id AND ${allowedFrom("claim")}
          RETURNING t.id`);
        return rows.map((r) => Number(r.id));
      }),

    wake: ({ type, key }, count) =>
      withDatabase(async () => {
        if (count <= 0) return 0;
        const keyIs =
          key === null ? Prisma.sql`concurrency_key IS NULL` : Prisma.sql`concurrency_key = ${key}`;
        const rows = await sql.query<{ id: number }>(Prisma.sql`
          UPDATE tasks SET available_at = now(), updated_at = now()
          WHERE id = ANY(ARRAY(
            SELECT id FROM tasks
            WHERE status = 'PENDING' AND waiting_on = 'concurrency' AND type = ${type} AND ${keyIs}
              AND available_at > now()
            ORDER BY priority DESC, id LIMIT ${count}
            FOR UPDATE SKIP LOCKED))
          RETURNING id`);
        return rows.length;
      }),

    waiting: () =>
      withDatabase(async () => {
        const rows = await sql.query<{ type: string; limit: LimitKind; count: number }>(Prisma.sql`
          SELECT type, waiting_on AS "limit", count(*)::int AS count FROM tasks
          WHERE status = 'PENDING' AND waiting_on IS NOT NULL GROUP BY 1, 2`);
        return rows;
      }),
  };
}
