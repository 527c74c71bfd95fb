import { type AuditEntry, type AuditLog, groupCommit } from "@tps/core";
import type { PrismaClient } from "@tps/db";
import { withDatabase } from "./unavailable";

/**
 * The audit log on Postgres: append-only rows, listed newest first by id. Every mutation records
 * one, so entries recorded concurrently are inserted together (group commit): under load a create
 * does not pay a commit of its own for its audit row.
 */
export function createAuditLog(db: PrismaClient): AuditLog {
  const insert = groupCommit<Parameters<AuditLog["record"]>[0], void>({
    run: (entries) =>
      withDatabase(async () => {
        await db.auditEntry.createMany({ data: entries });
        return entries.map(() => undefined);
      }),
  });
  return {
    record: insert,
    list: ({ before, limit }) =>
      withDatabase(async (): Promise<AuditEntry[]> => {
        const rows = await db.auditEntry.findMany({
          where: before ? { id: { lt: BigInt(before) } } : {},
          orderBy: { id: "desc" },
          take: limit,
        });
        return rows.map(({ id, at, via, ...rest }) => ({
          ...rest,
          id: id.toString(),
          at: at.toISOString(),
          via: via === "apiKey" ? "apiKey" : "session",
        }));
      }),
  };
}
