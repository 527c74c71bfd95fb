import type { AuditQuery } from "@tps/core";
import { Prisma } from "@tps/db";

/** An audit row as the schema types it, with the columns aliased to its field names. */
export type AuditRow = Prisma.AuditEntryGetPayload<object>;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** PostgreSQL refuses some offsets an ISO date-time may carry (past ±15:59): pass the instant in UTC. */
const utc = (iso: string) => new Date(iso).toISOString();

/**
 * One page of the audit log, newest first: the SQL twin of `matchesAuditFilter`, every value a
 * parameter. Indexes (migration 20261207110000_audit_append_only): a task id is looked up in
 * audit_log_task_ids_idx (the query repeats the partial index's predicate so the planner can use
 * it), a procedure or prefix in audit_log_procedure_idx (C collation, so a prefix is a range), a
 * time range in audit_log_at_idx. Actor and target parts are tested row by row while the primary key
 * is walked backwards, which stops after `limit` matches.
 */
export function auditPageSql({ before, limit, ...filter }: AuditQuery): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`TRUE`];
  const { actor, procedure, target, taskId, outcome, from, to } = filter;
  if (before) parts.push(Prisma.sql`id < ${before}::bigint`);
  if (actor) parts.push(Prisma.sql`(actor_id = ${actor} OR strpos(lower(actor), lower(${actor})) > 0)`);
  if (procedure) {
    parts.push(
      procedure.endsWith(".")
        ? Prisma.sql`procedure COLLATE "C" LIKE ${`${escapeLike(procedure)}%`}`
        : Prisma.sql`procedure COLLATE "C" = ${procedure}`,
    );
  }
  if (target) parts.push(Prisma.sql`strpos(lower(target), lower(${target})) > 0`);
  if (taskId !== undefined) {
    parts.push(Prisma.sql`target ~ '^ids?=' AND audit_task_ids(target) @> ARRAY[${taskId}::bigint]`);
  }
  if (outcome) parts.push(Prisma.sql`outcome = ${outcome}`);
  if (from) parts.push(Prisma.sql`at >= ${utc(from)}::timestamptz`);
  if (to) parts.push(Prisma.sql`at <= ${utc(to)}::timestamptz`);
  return Prisma.sql`
    SELECT id, at, actor_id AS "actorId", actor, via, procedure, target, outcome
    FROM audit_log WHERE ${Prisma.join(parts, " AND ")}
    ORDER BY id DESC LIMIT ${limit}`;
}
