import { type AuditEntry, type AuditLog, type AuditRecord, groupCommit } from "@tps/core";
import { Prisma, type PrismaClient, sqlOf } from "@tps/db";
import { type AuditRow, auditPageSql } from "./audit-query-sql";
import { withDatabase } from "./unavailable";

/**
 * The audit log on Postgres: append-only rows, listed newest first by id. Every mutation records
 * one, so entries recorded concurrently are inserted together (group commit): under load a create
 * does not pay a commit of its own for its audit row. `flush` waits for the writes under way.
 * `list` filters and pages (audit-query-sql.ts).
 */
export function createAuditLog(db: PrismaClient): AuditLog {
  // A create on the API server writes one row: straight on node-postgres (see sqlOf).
  const sql = sqlOf(db);
  const writing = new Set<Promise<void>>();
  const insert = groupCommit<AuditRecord, void>({
    // One statement, no transaction around it (Prisma's createMany adds BEGIN and COMMIT).
    run: (entries) =>
      withDatabase(async () => {
        const column = <K extends keyof AuditRecord>(key: K) => entries.map((e) => e[key]);
        await sql.query(Prisma.sql`
          INSERT INTO audit_log (actor_id, actor, via, procedure, target, outcome)
          SELECT * FROM unnest(${column("actorId")}::text[], ${column("actor")}::text[], ${column("via")}::text[],
            ${column("procedure")}::text[], ${column("target")}::text[], ${column("outcome")}::text[])`);
        return entries.map(() => undefined);
      }),
  });
  return {
    record: (entry) => {
      const write = insert(entry);
      writing.add(write);
      const done = () => void writing.delete(write);
      write.then(done, done);
      return write;
    },
    flush: async () => {
      await Promise.allSettled([...writing]);
    },
    list: (query) =>
      withDatabase(async (): Promise<AuditEntry[]> => {
        const rows = await db.$queryRaw<AuditRow[]>(auditPageSql(query));
        return rows.map(({ id, at, via, ...rest }) => ({
          ...rest,
          id: id.toString(),
          at: at.toISOString(),
          via: via === "apiKey" ? "apiKey" : "session",
        }));
      }),
  };
}
