import { idInSearch, searchesPayload, type TaskFilter } from "@tps/core";
import { Prisma } from "@tps/db";

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The SQL twin of `matchesFilter`: a WHERE fragment for a task filter (payload search uses the trigram index). */
export function filterSql(filter: TaskFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (filter.status) parts.push(Prisma.sql`status = ${filter.status}::"TaskStatus"`);
  if (filter.createdFrom) parts.push(Prisma.sql`created_at >= ${filter.createdFrom}::timestamptz`);
  if (filter.createdTo) parts.push(Prisma.sql`created_at <= ${filter.createdTo}::timestamptz`);
  if (filter.search) {
    const like = `%${escapeLike(filter.search)}%`;
    const id = idInSearch(filter.search);
    if (!searchesPayload(filter.search)) parts.push(id ? Prisma.sql`id = ${id}` : Prisma.sql`FALSE`);
    else
      parts.push(id ? Prisma.sql`(id = ${id} OR payload ILIKE ${like})` : Prisma.sql`payload ILIKE ${like}`);
  }
  return Prisma.join(parts, " AND ");
}
