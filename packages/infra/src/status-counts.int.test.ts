import { TASK_STATUSES } from "@tps/core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase } from "./testing";

/**
 * The counter table kept by triggers must equal count(*) after any mix of concurrent writes.
 * Eight connections insert, change status, delete and bulk-update at once (several writers per
 * shard, statements touching several statuses), then the sums are compared with a full count.
 */
describe("task_status_counts on real PostgreSQL", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const clients: pg.Client[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(inject("templateDatabaseUrl"));
    for (let i = 0; i < 8; i++) {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      clients.push(client);
    }
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end()));
    await database?.drop();
  });

  const countersVersusTable = async () => {
    const db = clients[0]!;
    const counters = await db.query<{ status: string; n: number }>(
      `SELECT status::text, sum(count)::int AS n FROM task_status_counts GROUP BY status`,
    );
    const table = await db.query<{ status: string; n: number }>(
      `SELECT status::text, count(*)::int AS n FROM tasks GROUP BY status`,
    );
    const asMap = (rows: { status: string; n: number }[]) =>
      Object.fromEntries(TASK_STATUSES.map((s) => [s, rows.find((r) => r.status === s)?.n ?? 0]));
    return { counters: asMap(counters.rows), table: asMap(table.rows) };
  };

  const randomStatus = () => TASK_STATUSES[Math.floor(Math.random() * TASK_STATUSES.length)]!;
  // Rows of `tasks` are locked in id order, as the application does (lock-order.ts), so the only
  // contention left between writers is the counters'.
  const someRows = (n: number) =>
    `id = ANY(ARRAY(SELECT id FROM tasks WHERE random() < 0.2 ORDER BY id LIMIT ${n} FOR UPDATE))`;

  async function writer(client: pg.Client, rounds: number) {
    for (let round = 0; round < rounds; round++) {
      await client.query(
        `INSERT INTO tasks (payload, status) SELECT 'w' || g, $1::"TaskStatus" FROM generate_series(1, $2::int) g`,
        [randomStatus(), 1 + Math.floor(Math.random() * 50)],
      );
      // A statement that moves rows between several statuses at once.
      await client.query(
        `UPDATE tasks SET status = (enum_range(NULL::"TaskStatus"))[1 + (id + $1::int) % 5]
         WHERE ${someRows(30)}`,
        [round],
      );
      await client.query(`UPDATE tasks SET updated_at = now() WHERE ${someRows(20)}`);
      await client.query(`DELETE FROM tasks WHERE ${someRows(10)}`);
      // A multi-statement transaction: both statements count on the same shard, in one commit.
      await client.query("BEGIN");
      await client.query(`INSERT INTO tasks (payload) VALUES ('tx-1'), ('tx-2')`);
      await client.query(
        `UPDATE tasks SET status = 'CANCELED' WHERE id = ANY(ARRAY(
           SELECT id FROM tasks WHERE status = 'PENDING' ORDER BY id LIMIT 5 FOR UPDATE SKIP LOCKED))`,
      );
      await client.query(Math.random() < 0.3 ? "ROLLBACK" : "COMMIT");
    }
  }

  it("stays equal to count(*) under concurrent inserts, updates and deletes", async () => {
    await Promise.all(clients.map((client) => writer(client, 25)));

    const { counters, table } = await countersVersusTable();
    expect(Object.values(table).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(counters).toEqual(table);
  });

  it("spreads writers over several shards rather than one row", async () => {
    const { rows } = await clients[0]!.query<{ shards: number }>(
      `SELECT count(DISTINCT shard)::int AS shards FROM task_status_counts WHERE count <> 0`,
    );
    expect(rows[0]!.shards).toBeGreaterThan(1);
  });

  it("goes back to zero on TRUNCATE", async () => {
    await clients[0]!.query("TRUNCATE tasks CASCADE");
    const { counters } = await countersVersusTable();
    expect(Object.values(counters).every((n) => n === 0)).toBe(true);
  });
});
