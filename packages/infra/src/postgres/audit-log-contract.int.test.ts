import type { AuditLog } from "@tps/core";
import { describeAuditLogContract } from "@tps/core/testing";
import { createDb, type PrismaClient } from "@tps/db";
import { afterAll, beforeAll, inject } from "vitest";
import { createTestDatabase } from "../testing";
import { createAuditLog } from "./audit-log";

let audit: AuditLog;
let db: PrismaClient;
let drop: () => Promise<void>;

beforeAll(async () => {
  const database = await createTestDatabase(inject("templateDatabaseUrl"));
  db = createDb(database.url, { maxConnections: 3 });
  drop = database.drop;
  audit = createAuditLog(db);
});
afterAll(async () => {
  await db?.$disconnect();
  await drop?.();
});

describeAuditLogContract("PostgreSQL", () => audit);
