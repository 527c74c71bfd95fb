/**
 * `npm run bench:cpu`: CPU per task in the web, the consumer and PostgreSQL, measured from /proc
 * (utime + stime of each process group and of the database's backends), so a busy shared machine
 * slows the run down but does not inflate the figures the way wall-clock samples would. RabbitMQ's
 * share is not measured (its one process serves every queue on the machine).
 *
 * Options: --count N (20000 bulk no-op tasks), --singles N (300 single creates, one at a time).
 * TPS_API_KEY, when set, is sent as "Authorization: Bearer <key>".
 */
import { parseArgs } from "node:util";
import { createTasksClient } from "@tps/client";
import pg from "pg";
import { apiKeyHeaders, endRun, runNames } from "../bench-run";
import { backendCpuMs, backendDelta, groupCpuMs } from "./proc-cpu";
import { type ManagedProcess, migrate, startConsumer, startWeb, waitHealthy } from "./processes";

const { values } = parseArgs({
  options: { count: { type: "string", default: "20000" }, singles: { type: "string", default: "300" } },
});
const headers = apiKeyHeaders();
const { database, databaseUrl, queue } = runNames("cpu");
const env = { DATABASE_URL: databaseUrl, TASK_QUEUE: queue, TASK_WORK_MS: "0" };
const trpcUrl = "http://127.0.0.1:3320/api/trpc";
const log = `/tmp/${database}.log`;

migrate(env);
const processes: ManagedProcess[] = [
  startWeb(1, { port: 3320, env, log }),
  startConsumer(`cpu-${process.pid}`, { port: 9720, env, log }),
];
const [web, consumer] = processes as [ManagedProcess, ManagedProcess];
const db = new pg.Client({ connectionString: env.DATABASE_URL });
const client = createTasksClient(trpcUrl, { headers });

async function allCompleted() {
  for (;;) {
    const { rows } = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM tasks WHERE status <> 'COMPLETED'",
    );
    if (rows[0]?.n === 0) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** CPU per second of the three while nothing is created: heartbeats, reconciler, polling. */
let idlePerSecond = { web: 0, consumer: 0, db: 0 };

async function snapshot() {
  return {
    web: groupCpuMs(web.pid),
    consumer: groupCpuMs(consumer.pid),
    db: await backendCpuMs(db, database),
  };
}

async function measureIdle(seconds: number) {
  const before = await snapshot();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const after = await snapshot();
  idlePerSecond = {
    web: (after.web - before.web) / seconds,
    consumer: (after.consumer - before.consumer) / seconds,
    db: backendDelta(before.db, after.db) / seconds,
  };
  const f = (ms: number) => `${ms.toFixed(0)} ms/s`;
  console.log(
    `idle baseline over ${seconds} s: web ${f(idlePerSecond.web)}, consumer ${f(idlePerSecond.consumer)}, PostgreSQL ${f(idlePerSecond.db)} (subtracted below)`,
  );
}

async function measure(title: string, tasks: number, run: () => Promise<void>) {
  const before = {
    web: groupCpuMs(web.pid),
    consumer: groupCpuMs(consumer.pid),
    db: await backendCpuMs(db, database),
  };
  const t0 = performance.now();
  await run();
  await allCompleted();
  const seconds = (performance.now() - t0) / 1000;
  const us = (ms: number) => `${((ms * 1000) / tasks).toFixed(0).padStart(6)} µs`;
  const after = await snapshot();
  const webMs = after.web - before.web - idlePerSecond.web * seconds;
  const consumerMs = after.consumer - before.consumer - idlePerSecond.consumer * seconds;
  const dbMs = backendDelta(before.db, after.db) - idlePerSecond.db * seconds;
  console.log(`\n${title}: ${tasks} tasks in ${seconds.toFixed(1)} s; CPU per task:`);
  console.log(`  web         ${us(webMs)}\n  consumer    ${us(consumerMs)}\n  PostgreSQL  ${us(dbMs)}`);
  console.log(
    `  total       ${us(webMs + consumerMs + dbMs)}  → at most ${((tasks / (webMs + consumerMs + dbMs)) * 1000).toFixed(0)} tasks per CPU-second`,
  );
}

try {
  await waitHealthy(processes);
  await db.connect();
  // Warm-up: connection pools, JIT, first queries' plans.
  await client.tasks.createMany.mutate({ payloads: Array.from({ length: 500 }, (_, i) => `warm-${i}`) });
  for (let i = 0; i < 20; i++) await client.tasks.create.mutate({ payload: `warm-single-${i}` });
  await allCompleted();
  await measureIdle(10);

  const count = Number(values.count);
  await measure(`bulk: createMany ×2,000, no-op work`, count, async () => {
    for (let offset = 0; offset < count; offset += 2_000) {
      const size = Math.min(2_000, count - offset);
      await client.tasks.createMany.mutate({
        payloads: Array.from({ length: size }, (_, i) => `bulk-${offset + i}`),
      });
    }
  });
  const singles = Number(values.singles);
  await measure("single: one plain HTTP POST per task, one at a time, no-op work", singles, async () => {
    for (let i = 0; i < singles; i++) {
      const response = await fetch(`${trpcUrl}/tasks.create`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ payload: `single-${i}` }),
      });
      if (!response.ok) throw new Error(`create failed: ${response.status}`);
      await response.arrayBuffer();
    }
  });
} finally {
  await endRun({ database, queue }, processes, db);
}
