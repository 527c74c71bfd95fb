import type { AuditEntry, AuditLog } from "@tps/core";
import type { PrismaClient } from "@tps/db";
import { withDatabase } from "./unavailable";

/** The audit log on Postgres: append-only rows, listed newest first by id. */
export function createAuditLog(db: PrismaClient): AuditLog {
  return {
    record: (entry) =>
      withDatabase(async () => {
        await db.auditEntry.create({ data: entry });
      }),
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
