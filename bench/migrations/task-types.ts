/**
 * What the task-types migration (20261207000000_task_types) costs a running system: in its own
 * database, every earlier migration, then N tasks (default 1,000,000: a mix of statuses, with
 * their status counts), then the migration itself while a writer keeps creating and finishing
 * tasks one statement at a time (the pipeline's shape), and prints
 *   - the migration's wall time,
 *   - how long it held the lock on `tasks` (the ALTER TABLE alone, timed in the same transaction),
 *   - the writer's worst statement latency during the migration, against before it,
 *   - that the per-type counts equal count(*) afterwards.
 * Drops the database at the end (--keep keeps it).
 *
 *   npx tsx bench/migrations/task-types.ts [--rows 1000000] [--keep]
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";

const TARGET = "20261207000000_task_types";
const { values } = parseArgs({
  options: { rows: { type: "string", default: "1000000" }, keep: { type: "boolean", default: false } },
});
const rows = Number(values.rows);
const migrations = join(dirname(fileURLToPath(import.meta.url)), "../../packages/db/prisma/migrations");
const base = new URL(process.env.BENCH_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres");
const database = `tps_bench_migration_${Date.now().toString(36)}`;
const url = new URL(base);
url.pathname = `/${database}`;
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

const admin = new pg.Client({ connectionString: base.toString() });
await admin.connect();
await admin.query(`CREATE DATABASE ${database}`);
const sql = new pg.Client({ connectionString: url.toString() });
const writer = new pg.Client({ connectionString: url.toString() });

/** The writer: one create and one status change per round, as the API and consumers do. */
function startWriter() {
  const latencies: number[] = [];
  let stop = false;
  const done = (async () => {
    while (!stop) {
      const t0 = performance.now();
      const { rows: created } = await writer.query<{ id: number }>(
        "INSERT INTO tasks (payload, published_at) VALUES ('bench', now()) RETURNING id",
      );
      await writer.query("UPDATE tasks SET status = 'COMPLETED', finished_at = now() WHERE id = $1", [
        created[0]!.id,
      ]);
      latencies.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  return {
    async stop() {
      stop = true;
      await done;
      latencies.sort((a, b) => a - b);
      return {
        count: latencies.length,
        p50: latencies[Math.floor(latencies.length / 2)] ?? 0,
        max: latencies.at(-1) ?? 0,
      };
    },
  };
}

try {
  await sql.connect();
  await writer.connect();
  const earlier = readdirSync(migrations)
    .filter((m) => /^\d/.test(m) && m < TARGET)
    .sort();
  for (const m of earlier) await sql.query(readFileSync(join(migrations, m, "migration.sql"), "utf8"));

  const seeded = performance.now();
  await sql.query(
    `INSERT INTO tasks (payload, status, attempts, created_at, started_at, finished_at, published_at)
     SELECT 'task-' || g, (ARRAY['COMPLETED','COMPLETED','COMPLETED','FAILED','CANCELED','PENDING']::"TaskStatus"[])[1 + g % 6],
            1, now() - interval '1 day', now() - interval '1 day', now() - interval '1 day', now() - interval '1 day'
     FROM generate_series(1, $1) AS g`,
    [rows],
  );
  await sql.query("VACUUM ANALYZE tasks");
  console.log(`seeded ${rows.toLocaleString("en")} tasks in ${fmt(performance.now() - seeded)}`);

  const idle = startWriter();
  await new Promise((r) => setTimeout(r, 3_000));
  const before = await idle.stop();

  // The migration as `prisma migrate deploy` runs it, with the ALTER TABLE on `tasks` timed inside
  // the same transaction (the lock is held from that statement until COMMIT).
  const script = readFileSync(join(migrations, TARGET, "migration.sql"), "utf8");
  const [head, tail] = script.split(/(?=ALTER TABLE "tasks" ADD COLUMN "type")/);
  const [alter, rest] = tail!.split(/(?<=ADD COLUMN "progress_at" TIMESTAMPTZ\(3\);)/);
  const busy = startWriter();
  await new Promise((r) => setTimeout(r, 1_000));
  const t0 = performance.now();
  await sql.query(head!);
  const a0 = performance.now();
  await sql.query(alter!);
  const alterMs = performance.now() - a0;
  await sql.query(rest!);
  const totalMs = performance.now() - t0;
  const lockedMs = performance.now() - a0;
  await new Promise((r) => setTimeout(r, 1_000));
  const during = await busy.stop();

  const { rows: check } = await sql.query<{ counted: string; actual: string }>(
    `SELECT (SELECT sum(count) FROM task_status_counts WHERE type = 'sleep')::text AS counted,
            (SELECT count(*) FROM tasks WHERE type = 'sleep')::text AS actual`,
  );
  console.log(`\nmigration ${TARGET} on ${rows.toLocaleString("en")} tasks`);
  console.log(`  wall time                         ${fmt(totalMs)}`);
  console.log(`  ALTER TABLE tasks (5 columns)     ${fmt(alterMs)}`);
  console.log(`  tasks locked (ALTER to COMMIT)    ${fmt(lockedMs)}`);
  console.log(`  writer before: ${before.count} rounds, p50 ${fmt(before.p50)}, max ${fmt(before.max)}`);
  console.log(`  writer during: ${during.count} rounds, p50 ${fmt(during.p50)}, max ${fmt(during.max)}`);
  console.log(`  sleep tasks counted ${check[0]!.counted}, in the table ${check[0]!.actual}`);
  if (check[0]!.counted !== check[0]!.actual) process.exitCode = 1;
} finally {
  await sql.end().catch(() => {});
  await writer.end().catch(() => {});
  if (!values.keep) await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  else console.log(`kept ${url}`);
  await admin.end();
}
