#!/usr/bin/env node
// Seeds finished tasks for trying the console at scale: `npm run seed -- --count 1000000`.
// Rows are COMPLETED (90 %), CANCELED (6 %) or FAILED (4 %), created over the last 7 days, with
// varied payloads to search, and two timeline events each. No PENDING rows: those would need
// messages in the queue. Applies migrations first (creating the database if needed).
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";

const { values } = parseArgs({ options: { count: { type: "string", default: "100000" } } });
const count = Number(values.count);
if (!Number.isInteger(count) || count < 1 || count > 50_000_000) {
  console.error("--count must be a whole number from 1 to 50,000,000");
  process.exit(1);
}
const url = process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/tps";
const deploy = spawnSync(process.execPath, [join(dirname(fileURLToPath(import.meta.url)), "deploy.mjs")], {
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: url },
});
if (deploy.status !== 0) process.exit(deploy.status ?? 1);

const client = new pg.Client({ connectionString: url });
await client.connect();
const BATCH = 100_000;
const started = Date.now();
for (let done = 0; done < count; done += BATCH) {
  const n = Math.min(BATCH, count - done);
  await client.query(
    `WITH inserted AS (
       INSERT INTO tasks (payload, status, attempts, created_at, published_at, started_at, finished_at,
                          canceled_at, last_error, updated_at)
       SELECT payload, status::"TaskStatus", CASE WHEN status = 'FAILED' THEN 3 ELSE 1 END,
              created, created + interval '5 ms', created + wait, created + wait + run,
              CASE WHEN status = 'CANCELED' THEN created + wait + run END,
              CASE WHEN status = 'FAILED' THEN 'simulated failure: seeded' END,
              created + wait + run
       FROM (
         SELECT format('order-%s %s customer-%s', $1::int + i,
                       (ARRAY['resize image', 'send email', 'charge card', 'sync inventory', 'render pdf'])[1 + i % 5],
                       i % 9973) AS payload,
                CASE WHEN i % 50 < 3 THEN 'CANCELED' WHEN i % 25 = 7 THEN 'FAILED' ELSE 'COMPLETED' END AS status,
                now() - interval '7 days' * random() AS created,
                interval '1 ms' * (random() * 500) AS wait,
                interval '1 ms' * (2900 + random() * 300) AS run
         FROM generate_series(1, $2::int) AS i
       ) AS rows
       RETURNING id, status, created_at, finished_at
     )
     INSERT INTO task_events (task_id, type, at)
     SELECT id, 'created', created_at FROM inserted
     UNION ALL
     SELECT id, lower(status::text), finished_at FROM inserted`,
    [done, n],
  );
  process.stdout.write(`\rseeded ${done + n} / ${count} tasks`);
}
await client.query("ANALYZE tasks");
await client.query("ANALYZE task_events");
await client.end();
console.log(`\ndone in ${((Date.now() - started) / 1000).toFixed(1)} s`);
