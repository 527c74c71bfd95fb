/**
 * `npm run bench:delays`: how close to its run time a delayed task starts. Runs --consumers consumer
 * processes (apps/consumer's build, as scripts/start.mjs runs it) on a database, queue and Redis
 * prefix of their own; each repeat creates --count tasks with one `runAt` --ahead-ms in the future
 * (a burst due in the same second) through the API's create use case (createTasks: the same insert
 * and publish path as tasks.createMany after validation; a delayed task is not sent by it, the
 * consumers' reconcilers send it when due), waits until all are COMPLETED, and reads
 * started_at - runAt of each from the database. Goal (issue 22): p99 <= 1 s with consumers free.
 *
 * Options: --count N (10000), --consumers N (3), --ahead-ms N (5000), --repeats N (2),
 *          --work-ms N (50), --batch-size N (the consumers' BATCH_SIZE). Needs the local PostgreSQL, RabbitMQ and Redis and a built consumer
 *          (`npx turbo run build --filter=@tps/consumer`).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTasks, MAX_BATCH_PAYLOADS } from "@tps/core";
import { createDb } from "@tps/db";
import { createAmqpPublisher, createLogger, createTaskRepository } from "@tps/infra";
import pg from "pg";
import { benchArgs } from "./args";
import { dropRunState } from "./peers/src/drop-run-state";
import { readOptions } from "./peers/src/options";
import { uniqueName } from "./peers/src/peer-run";
import { waitUntil } from "./peers/src/wait-until";

const {
  count,
  consumers,
  "ahead-ms": aheadMs,
  repeats,
  "work-ms": workMs,
  "batch-size": batchSize,
} = benchArgs({
  count: 10_000,
  consumers: 3,
  "ahead-ms": 5_000,
  repeats: 2,
  "work-ms": 50,
  "batch-size": "",
});
const GOAL_MS = 1_000;
const CONSUMER_PORT = 9760;
// Room for the whole burst at once: "with consumers free".
const prefetch = String(Math.max(1_000, Math.ceil(count / consumers) + 500));

const root = fileURLToPath(new URL("../", import.meta.url));
const runtime = JSON.parse(readFileSync(join(root, "apps/consumer/node-runtime.json"), "utf8"));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const options = readOptions([]);
const database = uniqueName("tps_delays");
const databaseUrl = `${options.databaseServer}/${database}`;
const queue = uniqueName("delays_queue");

console.log(
  `bench:delays — ${count} tasks due in the same second, ${consumers} consumers (PREFETCH ${prefetch}), ` +
    `${workMs} ms work, runAt ${aheadMs} ms ahead, ${repeats} repeats`,
);
const migrate = spawn(process.execPath, [join(root, "packages/db/scripts/deploy.mjs")], {
  stdio: ["ignore", "ignore", "inherit"],
  env: { ...process.env, DATABASE_URL: databaseUrl },
});
if ((await new Promise((r) => migrate.once("exit", r))) !== 0) throw new Error("migrations failed");

const env: Record<string, string> = { PREFETCH: prefetch, TASK_WORK_MS: String(workMs) };
if (batchSize) env.BATCH_SIZE = batchSize;
const children: ChildProcess[] = [];
const db = new pg.Client({ connectionString: databaseUrl });
const prisma = createDb(databaseUrl);
const log = createLogger("bench-delays", "warn");
const publisher = createAmqpPublisher(options.rabbitmqUrl, queue, log);

/** One consumer process on the run's database and queue, as scripts/start.mjs runs it. */
async function startConsumer(index: number): Promise<ChildProcess> {
  const port = CONSUMER_PORT + index;
  const child = spawn(process.execPath, [...runtime.nodeFlags, join(root, "apps/consumer/dist/main.js")], {
    cwd: join(root, "apps/consumer"),
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      ...runtime.env,
      ...env,
      DATABASE_URL: databaseUrl,
      RABBITMQ_URL: options.rabbitmqUrl,
      REDIS_URL: options.redisUrl,
      TASK_QUEUE: queue,
      CONSUMER_PORT: String(port),
      LOG_LEVEL: "warn",
    },
  });
  children.push(child);
  const ready = () =>
    fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.ok,
      () => false,
    );
  await waitUntil(`consumer ${index} to start`, ready, 60_000, 250);
  return child;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

try {
  await db.connect();
  for (let i = 0; i < consumers; i++) await startConsumer(i);
  const deps = { repo: createTaskRepository(prisma), publisher, log };
  const figures: string[] = [];
  for (let repeat = 1; repeat <= repeats; repeat++) {
    const runAt = new Date(Date.now() + aheadMs).toISOString();
    const ids: number[] = [];
    const createStart = performance.now();
    for (let offset = 0; offset < count; offset += MAX_BATCH_PAYLOADS) {
      const size = Math.min(MAX_BATCH_PAYLOADS, count - offset);
      const items = await createTasks(
        deps,
        Array.from({ length: size }, (_, i) => ({
          payload: `delay-${repeat}-${offset + i}`,
          availableAt: runAt,
        })),
      );
      ids.push(...items.map((t) => t.id));
    }
    const createMs = performance.now() - createStart;
    if (Date.now() >= Date.parse(runAt)) throw new Error(`creating took ${createMs} ms: raise --ahead-ms`);
    await waitUntil(
      "every task to complete",
      async () =>
        (
          await db.query("SELECT count(*)::int AS n FROM tasks WHERE id = ANY($1) AND status = 'COMPLETED'", [
            ids,
          ])
        ).rows[0].n === ids.length,
      aheadMs + 120_000,
      200,
    );
    // Published: the reconciler's mark (the last 'published' step); started: the claim.
    const { rows } = await db.query<{ ms: number; sent: number }>(
      `SELECT (extract(epoch FROM t.started_at - $2::timestamptz) * 1000)::float8 AS ms,
              (extract(epoch FROM (SELECT max(e.at) FROM task_events e WHERE e.task_id = t.id AND e.type = 'published')
                                  - $2::timestamptz) * 1000)::float8 AS sent
       FROM tasks t WHERE t.id = ANY($1)`,
      [ids, runAt],
    );
    const late = rows.map((r) => r.ms).sort((a, b) => a - b);
    const sent = rows.map((r) => r.sent).sort((a, b) => a - b);
    const line =
      `repeat ${repeat}: started - runAt: min ${late[0]!.toFixed(0)} ms, p50 ${percentile(late, 0.5).toFixed(0)} ms, ` +
      `p95 ${percentile(late, 0.95).toFixed(0)} ms, p99 ${percentile(late, 0.99).toFixed(0)} ms, ` +
      `max ${late.at(-1)!.toFixed(0)} ms (created in ${createMs.toFixed(0)} ms; published - runAt: ` +
      `p50 ${percentile(sent, 0.5).toFixed(0)} ms, p99 ${percentile(sent, 0.99).toFixed(0)} ms)`;
    console.log(line);
    figures.push(line);
    if (late[0]! < 0) console.log("  a task started BEFORE its runAt");
    if (percentile(late, 0.99) > GOAL_MS || late[0]! < 0) process.exitCode = 1;
    await sleep(1_000);
  }
  console.log(
    `\n# delay accuracy, ${count} tasks due together, ${consumers} consumers\n${figures.join("\n")}`,
  );
  console.log(`goal: p99 <= ${GOAL_MS} ms, none early`);
  console.log(`load average (1 min) at end: ${loadavg()[0]!.toFixed(1)}, ${cpus().length} CPUs`);
} finally {
  await db.end().catch(() => {});
  await prisma.$disconnect().catch(() => {});
  await publisher.close().catch(() => {});
  for (const child of children) child.kill("SIGTERM");
  await Promise.all(
    children.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : Promise.resolve())),
  );
  await dropRunState(options, database, queue);
}
