/**
 * Retention benchmark: in its own database, 1,000,000 finished tasks with 4 timeline events each
 * (generate_series), then
 *   1. task-create latency alone (the repository's create statement, one at a time),
 *   2. the batch purge alone on the older half: rows deleted per second,
 *   3. the batch purge on the other half while creates run: rows/s and create latency meanwhile.
 * Prints a table; drops the database at the end (--keep keeps it).
 *
 *   npm run bench:retention -- [--rows 1000000] [--events 4] [--batch 1000] [--pause-ms 0] [--create-seconds 15] [--keep]
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { purgeFinished, TERMINAL_STATUSES } from "@tps/core";
import { createDb } from "@tps/db";
import { createTaskRepository } from "@tps/infra";
import pg from "pg";
import { benchArgs } from "../args";

const {
  rows,
  events,
  batch,
  "pause-ms": pauseMs,
  "create-seconds": createSeconds,
  keep,
} = benchArgs({ rows: 1_000_000, events: 4, batch: 1_000, "pause-ms": 0, "create-seconds": 15, keep: false });

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "../..");
const base = new URL(process.env.BENCH_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres");
const database = `tps_bench_retention_${Date.now().toString(36)}`;
const url = new URL(base);
url.pathname = `/${database}`;
const admin = new URL(base);
admin.pathname = "/postgres";

const deploy = spawnSync(process.execPath, [join(repoRoot, "packages/db/scripts/deploy.mjs")], {
  env: { ...process.env, DATABASE_URL: url.toString() },
  stdio: ["ignore", "ignore", "inherit"],
});
if (deploy.status !== 0) throw new Error("could not create and migrate the bench database");

const sql = new pg.Client({ connectionString: url.toString() });
await sql.connect();
const db = createDb(url.toString(), { maxConnections: 4 });
const repo = createTaskRepository(db);
const table: string[][] = [];
const fmt = (n: number) => Math.round(n).toLocaleString("en");

try {
  // Seed: finished 40 days ago and older (older ids finished earlier), statuses in turn.
  const t0 = performance.now();
  await sql.query(
    `INSERT INTO tasks (payload, status, attempts, created_at, started_at, finished_at, updated_at)
     SELECT 'bench-' || g, (ARRAY['COMPLETED','COMPLETED','COMPLETED','CANCELED','FAILED'])[1 + g % 5]::"TaskStatus", 1,
            f - interval '5 seconds', f - interval '3 seconds', f, f
     FROM generate_series(1, $1::int) g, LATERAL (SELECT now() - interval '40 days' - ($1::int - g) * interval '1 second' AS f) x`,
    [rows],
  );
  await sql.query(
    `INSERT INTO task_events (task_id, type, at)
     SELECT t.id, e.type, t.finished_at FROM tasks t,
       LATERAL (SELECT (ARRAY['created','published','started','completed','backoff','retried'])[1 + (n - 1) % 6] AS type
                FROM generate_series(1, $1::int) n) e`,
    [events],
  );
  await sql.query("VACUUM ANALYZE tasks");
  await sql.query("VACUUM ANALYZE task_events");
  const seedSeconds = (performance.now() - t0) / 1000;
  const eventCount = (await sql.query<{ n: number }>("SELECT count(*)::int AS n FROM task_events")).rows[0]!
    .n;
  console.log(
    `seeded ${fmt(rows)} finished tasks + ${fmt(eventCount)} events in ${seedSeconds.toFixed(1)} s`,
  );
  table.push([
    "seed (generate_series, + VACUUM ANALYZE)",
    fmt(rows + eventCount),
    seedSeconds.toFixed(1),
    fmt((rows + eventCount) / seedSeconds),
    "",
    "",
    "",
  ]);

  /** Creates one task at a time (the API's create statement) until `until` resolves; latencies in ms. */
  async function creates(until: Promise<unknown>): Promise<number[]> {
    const latencies: number[] = [];
    let done = false;
    void until.finally(() => {
      done = true;
    });
    for (let i = 0; !done; i++) {
      const start = performance.now();
      await repo.insertIdempotent([{ payload: `bench-create-${i}` }]);
      latencies.push(performance.now() - start);
    }
    return latencies;
  }
  const pct = (xs: number[], p: number) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
  };
  const latencyCells = (xs: number[]) => [pct(xs, 50).toFixed(2), pct(xs, 99).toFixed(2), fmt(xs.length)];

  // 1. Creates alone.
  const alone = await creates(new Promise((r) => setTimeout(r, createSeconds * 1000)));
  table.push(["creates alone", "", String(createSeconds), "", ...latencyCells(alone)]);
  console.log(`creates alone: p50 ${pct(alone, 50).toFixed(2)} ms, p99 ${pct(alone, 99).toFixed(2)} ms`);

  // The cut-off between the two halves: the finish time of the middle task.
  const middle = (
    await sql.query<{ f: Date }>(
      `SELECT finished_at AS f FROM tasks WHERE payload LIKE 'bench-%' AND payload NOT LIKE 'bench-create-%' ORDER BY finished_at, id OFFSET $1 LIMIT 1`,
      [Math.floor(rows / 2)],
    )
  ).rows[0]!.f;

  // 2. Purge alone: the older half.
  const first = await purgeFinished(repo, {
    olderThanMs: 0,
    finishedBefore: middle,
    statuses: TERMINAL_STATUSES,
    batch,
    pauseMs,
  });
  table.push([
    `purge alone (batch ${batch}, pause ${pauseMs} ms)`,
    fmt(first.deleted),
    (first.elapsedMs / 1000).toFixed(1),
    fmt(first.deleted / (first.elapsedMs / 1000)),
    "",
    "",
    "",
  ]);
  console.log(`purge alone: ${fmt(first.deleted)} tasks in ${(first.elapsedMs / 1000).toFixed(1)} s`);

  // 3. Purge the rest while creates run.
  const purge = purgeFinished(repo, { olderThanMs: 30 * 86_400_000, batch, pauseMs });
  const during = await creates(purge);
  const second = await purge;
  table.push([
    "purge + creates at once",
    fmt(second.deleted),
    (second.elapsedMs / 1000).toFixed(1),
    fmt(second.deleted / (second.elapsedMs / 1000)),
    ...latencyCells(during),
  ]);

  const check = await sql.query<{ counters: number; actual: number; orphans: number }>(
    `SELECT (SELECT sum(count)::int FROM task_status_counts) AS counters, (SELECT count(*)::int FROM tasks) AS actual,
            (SELECT count(*)::int FROM task_events e WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = e.task_id)) AS orphans`,
  );
  const { counters, actual, orphans } = check.rows[0]!;

  const header = ["phase", "rows", "seconds", "rows/s", "create p50 ms", "create p99 ms", "creates"];
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(
    `\n# retention: ${fmt(rows)} finished tasks × ${events} events (timelines deleted by FK cascade)\n`,
  );
  console.log(line(header));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const row of table) console.log(line(row));
  console.log(
    `\ncounts table ${counters === actual ? "matches" : "DIFFERS FROM"} count(*) (${fmt(counters)} vs ${fmt(actual)}); orphan events: ${orphans}`,
  );
} finally {
  await sql.end();
  await db.$disconnect();
  if (!keep) {
    const a = new pg.Client({ connectionString: admin.toString() });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).finally(() => a.end());
  } else console.log(`kept database ${database}`);
}
