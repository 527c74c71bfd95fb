/**
 * What the bigint task ids migration (20261208000000_bigint_task_ids) costs a running system: in its
 * own database, every earlier migration, then N tasks (default 1,000,000, a mix of statuses) with
 * E events each (default 3), then
 *   1. for comparison, the plain way on a copy of that database: one transaction of
 *      `ALTER COLUMN ... TYPE bigint` on the three columns (the time it holds ACCESS EXCLUSIVE),
 *   2. the migration itself, split and run statement by statement as Prisma's runner does, while a
 *      reader (`SELECT ... WHERE id = $1`) and a writer (create, then settle, one statement each, the
 *      pipeline's shape) run on their own connections, and prints
 *      - the wall time of every statement and of the whole migration,
 *      - the reader's and the writer's worst latency during the migration (the longest any of them
 *        waited on the migration's locks), against their median,
 *      - that no row lost its id and the status counts still equal count(*).
 * Drops the databases at the end (--keep keeps them).
 *
 *   npx tsx bench/migrations/bigint-ids.ts [--rows 1000000] [--events 3] [--skip-plain] [--keep]
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { startProbe } from "./probe";

const TARGET = "20261208000000_bigint_task_ids";
const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    events: { type: "string", default: "3" },
    "skip-plain": { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
  },
});
const rows = Number(values.rows);
const events = Number(values.events);
const migrations = join(dirname(fileURLToPath(import.meta.url)), "../../packages/db/prisma/migrations");
const base = new URL(process.env.BENCH_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres");
const database = `tps_bench_bigint_${Date.now().toString(36)}`;
const urlOf = (name: string) => Object.assign(new URL(base), { pathname: `/${name}` }).toString();
const ms = (n: number) => `${n.toFixed(1)} ms`;
const seconds = (n: number) => `${(n / 1000).toFixed(2)} s`;

/** Prisma's runner splits a script at every semicolon and runs each piece on its own. */
const statementsOf = (script: string) =>
  script
    .split(";")
    .map((s) => s.trim())
    .filter((s) => s.replace(/--.*$/gm, "").trim() !== "");

async function withClient<T>(url: string, run: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

const admin = new pg.Client({ connectionString: base.toString() });
await admin.connect();
await admin.query(`CREATE DATABASE ${database}`);
const url = urlOf(database);

try {
  await withClient(url, async (sql) => {
    for (const m of readdirSync(migrations)
      .filter((m) => /^\d/.test(m) && m < TARGET)
      .sort())
      await sql.query(readFileSync(join(migrations, m, "migration.sql"), "utf8"));
    const t0 = performance.now();
    await sql.query(
      `INSERT INTO tasks (payload, status, attempts, created_at, started_at, finished_at, published_at)
       SELECT 'task-' || g, s, 1, now() - interval '1 day', now() - interval '1 day',
              CASE WHEN s IN ('COMPLETED', 'FAILED', 'CANCELED') THEN now() END, now()
       FROM generate_series(1, $1::int) g,
            LATERAL (SELECT (ARRAY['COMPLETED','COMPLETED','COMPLETED','FAILED','CANCELED','PENDING']::"TaskStatus"[])[1 + g % 6] AS s) x`,
      [rows],
    );
    await sql.query(
      `INSERT INTO task_events (task_id, type) SELECT t.id, 'created' FROM tasks t, generate_series(1, $1::int)`,
      [events],
    );
    await sql.query("VACUUM ANALYZE");
    const size = await sql.query<{ tasks: string; events: string }>(
      `SELECT pg_size_pretty(pg_total_relation_size('tasks')) AS tasks,
              pg_size_pretty(pg_total_relation_size('task_events')) AS events`,
    );
    console.log(
      `seeded ${rows.toLocaleString("en")} tasks (${size.rows[0]!.tasks}) + ${(rows * events).toLocaleString("en")} events (${size.rows[0]!.events}) in ${seconds(performance.now() - t0)}`,
    );
  });

  if (!values["skip-plain"]) {
    const copy = `${database}_plain`;
    await admin.query(`CREATE DATABASE ${copy} TEMPLATE ${database}`);
    try {
      const held = await withClient(urlOf(copy), async (sql) => {
        const t0 = performance.now();
        await sql.query(`BEGIN`);
        await sql.query(`ALTER TABLE task_events DROP CONSTRAINT task_events_task_id_fkey`);
        await sql.query(`ALTER TABLE tasks ALTER COLUMN id TYPE bigint`);
        await sql.query(`ALTER SEQUENCE tasks_id_seq AS bigint`);
        await sql.query(`ALTER TABLE task_search ALTER COLUMN task_id TYPE bigint`);
        await sql.query(`ALTER TABLE task_events ALTER COLUMN task_id TYPE bigint`);
        await sql.query(`ALTER TABLE task_events ADD CONSTRAINT task_events_task_id_fkey FOREIGN KEY (task_id)
                         REFERENCES tasks(id) ON DELETE CASCADE ON UPDATE CASCADE`);
        await sql.query(`COMMIT`);
        return performance.now() - t0;
      });
      console.log(`plain ALTER COLUMN TYPE bigint (one transaction): ACCESS EXCLUSIVE held ${seconds(held)}`);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${copy} WITH (FORCE)`);
    }
  }

  const reader = await startProbe(url, "read", (c, id) => c.query("SELECT 1 FROM tasks WHERE id = $1", [id]));
  const writer = await startProbe(url, "write", async (c) => {
    const { rows: created } = await c.query<{ id: string }>(
      "INSERT INTO tasks (payload, published_at) VALUES ('during', now()) RETURNING id",
    );
    await c.query("INSERT INTO task_events (task_id, type) VALUES ($1, 'created')", [created[0]!.id]);
    await c.query("UPDATE tasks SET status = 'COMPLETED', finished_at = now() WHERE id = $1", [
      created[0]!.id,
    ]);
  });
  await new Promise((r) => setTimeout(r, 2_000)); // a baseline before the migration starts

  const script = readFileSync(join(migrations, TARGET, "migration.sql"), "utf8");
  const steps: [string, number][] = [];
  const t0 = performance.now();
  await withClient(url, async (sql) => {
    for (const statement of statementsOf(script)) {
      const s0 = performance.now();
      await sql.query(statement);
      steps.push([statement.replace(/--.*$/gm, "").replace(/\s+/g, " ").trim(), performance.now() - s0]);
    }
  });
  const total = performance.now() - t0;
  const read = await reader.stop();
  const write = await writer.stop();

  console.log("\nstatements over 50 ms:");
  for (const [text, took] of steps)
    if (took > 50) console.log(`  ${ms(took).padStart(10)}  ${text.slice(0, 90)}`);
  const swap = steps.find(([text]) => text.includes("LOCK TABLE"));
  console.log(`\nmigration total: ${seconds(total)} (${steps.length} statements)`);
  console.log(
    `swap transaction (the only long-ish ACCESS EXCLUSIVE): ${swap ? ms(swap[1]) : "?"} incl. waiting for locks`,
  );
  for (const p of [read, write])
    console.log(
      `${p.name} probe: ${p.count} rounds, ${p.errors} errors, median ${ms(p.p50)}, worst ${ms(p.max)} (at +${seconds(p.maxAt - t0)})`,
    );

  await withClient(url, async (sql) => {
    const check = await sql.query(
      `SELECT (SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'tasks'::regclass AND attname = 'id') AS id_type,
              (SELECT count(*) FROM tasks) AS tasks,
              (SELECT sum(count) FROM task_status_counts) AS counted,
              (SELECT count(*) FROM task_search) AS searchable,
              (SELECT count(*) FROM task_events e WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = e.task_id)) AS orphans`,
    );
    console.log("after:", check.rows[0]);
  });
} finally {
  if (!values.keep) await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  else console.log(`kept ${database}`);
  await admin.end();
}
