import { idInSearch, searchesPayload, type TaskFilter } from "@tps/core";
import { Prisma } from "@tps/db";

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The SQL twin of `matchesFilter`: a WHERE fragment for a task filter. A payload search tests
 * `tasks.payload` and also looks the matches up in `task_search`, so the planner can start from its
 * trigram index when few rows match, or walk `tasks` in order and test each row when many do.
 */
export function filterSql(filter: TaskFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (filter.status) parts.push(Prisma.sql`status = ${filter.status}::"TaskStatus"`);
  if (filter.type) parts.push(Prisma.sql`type = ${filter.type}`);
  // In UTC: PostgreSQL refuses offsets past ±15:59, which ISO 8601 (and the input check) allow.
  if (filter.createdFrom) parts.push(Prisma.sql`created_at >= ${utc(filter.createdFrom)}::timestamptz`);
  if (filter.createdTo) parts.push(Prisma.sql`created_at <= ${utc(filter.createdTo)}::timestamptz`);
  if (filter.search) {
    const like = `%${escapeLike(filter.search)}%`;
    const id = idInSearch(filter.search);
    if (!searchesPayload(filter.search)) parts.push(id ? Prisma.sql`id = ${id}` : Prisma.sql`FALSE`);
    else {
      // The same test on `tasks` and on `task_search`, whose id column is task_id.
      const matches = (idColumn: "id" | "task_id") =>
        id
          ? Prisma.sql`(${Prisma.raw(idColumn)} = ${id} OR payload ILIKE ${like})`
          : Prisma.sql`payload ILIKE ${like}`;
      parts.push(
        matches("id"),
        Prisma.sql`id IN (SELECT task_id FROM task_search WHERE ${matches("task_id")})`,
      );
    }
  }
  return Prisma.join(parts, " AND ");
}

/**
 * Payloads up to this many bytes are copied into tasks_status_short_payload_idx (a B-tree entry
 * holds about 2.7 kB). Inlined, not a parameter: the planner matches a partial index's predicate
 * only against constants.
 */
const COVERED_PAYLOAD_BYTES = Prisma.raw("2000");

/**
 * The ids of one page, newest first: `filter`, ids below `before` (if given), at most `limit`.
 * A status + payload search is split by payload size: a walk of one status's short payloads tests
 * them inside tasks_status_short_payload_idx without reading the table, long ones (normally few)
 * are walked through tasks_status_long_payload_idx; either may start from `task_search` instead
 * when few rows match (1 M rows: 26 ms for a term no FAILED row has, 33 ms for a rare term among
 * 900 k COMPLETED rows, which the walk alone took 620-840 ms for).
 */
export function pageIdsSql(filter: TaskFilter, before: number | null, limit: number): Prisma.Sql {
  const where = Prisma.sql`${filterSql(filter)} AND (${before === null}::boolean OR id < ${before ?? 0})`;
  if (!filter.status || !filter.search || !searchesPayload(filter.search))
    return Prisma.sql`SELECT id FROM tasks WHERE ${where} ORDER BY id DESC LIMIT ${limit}`;
  return Prisma.sql`
    (SELECT id FROM tasks WHERE ${where} AND octet_length(payload) <= ${COVERED_PAYLOAD_BYTES}
     ORDER BY id DESC LIMIT ${limit})
    UNION ALL
    (SELECT id FROM tasks WHERE ${where} AND octet_length(payload) > ${COVERED_PAYLOAD_BYTES}
     ORDER BY id DESC LIMIT ${limit})
    ORDER BY id DESC LIMIT ${limit}`;
}

const utc = (instant: string) => new Date(instant).toISOString();
