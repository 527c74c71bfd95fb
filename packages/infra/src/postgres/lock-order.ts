import { Prisma } from "@tps/db";

/**
 * A CTE body that locks the rows of `ids` in id order. Every statement that changes several tasks
 * starts with it (`WITH locked AS (${lockInIdOrder(ids)}) UPDATE … WHERE id = ANY(ARRAY(SELECT id FROM locked))`),
 * so concurrent batches (settle, claim, lease renewal, bulk cancel) always queue on rows in the same
 * order and cannot deadlock. Without it a join over `unnest()` locks in array order and a bitmap scan
 * in physical order, which deadlocked under load.
 */
export const lockInIdOrder = (ids: readonly number[]) =>
  Prisma.sql`SELECT id FROM tasks WHERE id = ANY(${ids}::bigint[]) ORDER BY id FOR UPDATE`;
