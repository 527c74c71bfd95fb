import { createDb } from "@tps/db";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createAuditLog } from "./postgres/audit-log";
import { createTestDatabase } from "./testing";

describe("audit log on real PostgreSQL", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: ReturnType<typeof createDb>;

  beforeAll(async () => {
    database = await createTestDatabase(inject("templateDatabaseUrl"));
    db = createDb(database.url, { maxConnections: 4 });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it("keeps one row per entry recorded concurrently (shared inserts), each with its own fields", async () => {
    const audit = createAuditLog(db);
    const entries = Array.from({ length: 200 }, (_, i) => ({
      actorId: `user-${i % 7}`,
      actor: `User ${i % 7}`,
      via: i % 2 ? ("apiKey" as const) : ("session" as const),
      procedure: "tasks.create",
      target: `payload ${i}`,
      outcome: i % 10 ? "ok" : "FORBIDDEN",
    }));
    await Promise.all(entries.map((e) => audit.record(e)));

    const listed = await audit.list({ limit: 500 });
    expect(listed).toHaveLength(entries.length);
    const byTarget = new Map(listed.map((e) => [e.target, e]));
    for (const entry of entries) expect(byTarget.get(entry.target)).toMatchObject(entry);
    // Far fewer statements than entries: the calls shared inserts.
    const [row] = await db.$queryRaw<{ batches: bigint }[]>`
      SELECT count(DISTINCT xmin::text)::bigint AS batches FROM audit_log`;
    expect(Number(row?.batches)).toBeLessThan(entries.length / 4);
  });

  it("flush waits for every entry recorded so far", async () => {
    const audit = createAuditLog(db);
    const before = (await audit.list({ limit: 1_000 })).length;
    for (let i = 0; i < 50; i++) {
      void audit.record({
        actorId: "key-1",
        actor: "service",
        via: "apiKey",
        procedure: "tasks.create",
        target: `flushed ${i}`,
        outcome: "ok",
      });
    }
    await audit.flush();
    expect(await audit.list({ limit: 1_000 })).toHaveLength(before + 50);
  });
});
