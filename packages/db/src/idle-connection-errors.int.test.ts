import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, Prisma, sqlOf } from "./index";

const baseUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const appName = `tps_idle_${process.pid}_${Date.now()}`;

/**
 * A PostgreSQL restart, failover or `pg_terminate_backend` closes the pool's idle connections, and
 * node-postgres reports each as an `error` event on the pool. With no listener, Node treats that
 * event as an uncaught exception and the process exits. Prisma's adapter adds its listener only
 * once Prisma itself connects, so a process whose first statements go through sqlOf had none.
 */
describe("idle connections closed by the server", () => {
  const url = new URL(baseUrl);
  url.searchParams.set("application_name", appName);
  const db = createDb(url.toString(), { maxConnections: 2 });
  const admin = new pg.Client({ connectionString: baseUrl });

  afterAll(async () => {
    await db.$disconnect();
    await admin.end();
  });

  it("are dropped from the pool without an unhandled error, and the next statement reconnects", async () => {
    const sql = sqlOf(db);
    await sql.query(Prisma.sql`SELECT 1`); // an idle connection in the pool, Prisma never connected
    await admin.connect();
    const { rows } = await admin.query<{ terminated: boolean }>(
      "SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity WHERE application_name = $1",
      [appName],
    );
    expect(rows.length).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the pool hears of it
    expect(await sql.query<{ ok: number }>(Prisma.sql`SELECT 1 AS ok`)).toEqual([{ ok: 1 }]);
  });
});
