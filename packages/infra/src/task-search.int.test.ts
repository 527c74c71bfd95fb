import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase } from "./testing";

/**
 * `task_search` (the payload copy with the trigram index) must hold exactly the payloads of the
 * rows in `tasks`, whichever statement wrote them, and a status change must not touch it.
 */
describe("task_search on real PostgreSQL", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase(inject("templateDatabaseUrl"));
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await database?.drop();
  });

  const mismatches = async () =>
    (
      await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM tasks t FULL JOIN task_search s ON s.task_id = t.id
         WHERE t.id IS NULL OR s.task_id IS NULL OR s.payload <> t.payload`,
      )
    ).rows[0]!.n;

  it("copies every inserted payload, and drops it with its task", async () => {
    await db.query(`INSERT INTO tasks (payload) SELECT 'copy-' || i FROM generate_series(1, 500) AS i`);
    await db.query(`INSERT INTO tasks (payload) VALUES ('single')`);
    expect((await db.query(`SELECT count(*)::int AS n FROM task_search`)).rows[0].n).toBe(501);
    expect(await mismatches()).toBe(0);
    await db.query(`DELETE FROM tasks WHERE payload LIKE 'copy-1%'`);
    expect(await mismatches()).toBe(0);
    await db.query("BEGIN");
    await db.query(`DELETE FROM tasks WHERE payload = 'single'`);
    await db.query("ROLLBACK");
    expect(await mismatches()).toBe(0);
  });

  it("is left alone by status changes, and refuses a change of payload", async () => {
    const { rows } = await db.query<{ ctid: string }>(
      `SELECT ctid::text FROM task_search WHERE payload = 'single'`,
    );
    await db.query(`UPDATE tasks SET status = 'PROCESSING' WHERE payload = 'single'`);
    await db.query(`UPDATE tasks SET status = 'COMPLETED', payload = payload WHERE payload = 'single'`);
    const after = await db.query<{ ctid: string }>(
      `SELECT ctid::text FROM task_search WHERE payload = 'single'`,
    );
    expect(after.rows[0]!.ctid).toBe(rows[0]!.ctid); // the row was not rewritten
    await expect(db.query(`UPDATE tasks SET payload = 'changed' WHERE payload = 'single'`)).rejects.toThrow(
      /payload cannot change/,
    );
  });

  it("empties with TRUNCATE", async () => {
    await db.query("TRUNCATE tasks CASCADE");
    expect((await db.query(`SELECT count(*)::int AS n FROM task_search`)).rows[0].n).toBe(0);
  });
});
