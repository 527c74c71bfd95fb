/**
 * `npm run bench:priority`: how long a priority-9 task waits behind a backlog of priority-0 tasks
 * of its type. One consumer process (apps/consumer, PREFETCH 50, short work) on its own database,
 * queue and port; tasks are created through the API's procedures in this process (a tRPC caller
 * on createApiServices, as the integration tests do). Each repeat queues the backlog while
 * processing is paused, resumes, waits until the consumer is busy with it, then creates one
 * priority-9 task and one priority-0 task and reads both back: pickup = started_at - created_at
 * (both written by PostgreSQL). The priority-0 task shows what the priority-9 one would have
 * waited without its lane. Between repeats the backlog drains. Goal (issue 22): within 2 s.
 *
 * Options: --backlog N (10000), --repeats N (3), --prefetch N (50), --work-ms N (50).
 * Needs the consumer built (`npx turbo run build --filter=@tps/consumer...`) and the local
 * PostgreSQL, RabbitMQ and Redis (BENCH_POSTGRES_URL, RABBITMQ_URL, REDIS_URL).
 */
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { MAX_BATCH_PAYLOADS, type Task } from "@tps/core";
import { deleteTopology } from "@tps/infra";
import amqp from "amqplib";
import { benchArgs } from "./args";
import { adminSql, benchCaller, benchRabbitmqUrl as rabbitmqUrl, runNames } from "./bench-run";
import { migrate, startConsumer, waitHealthy } from "./scale/processes";

const {
  backlog,
  repeats,
  prefetch,
  "work-ms": workMs,
} = benchArgs({ backlog: 10_000, repeats: 3, prefetch: 50, "work-ms": 50 });
const GOAL_MS = 2_000;

const { database, databaseUrl, queue } = runNames("priority");
const log = join(tmpdir(), `${database}.log`);
const env = { DATABASE_URL: databaseUrl, TASK_QUEUE: queue, TASK_WORK_MS: String(workMs) };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

console.log(
  `bench:priority — backlog ${backlog} priority-0 tasks, 1 consumer, PREFETCH ${prefetch}, ${workMs} ms work, ` +
    `${repeats} repeats (consumer log: ${log})`,
);
migrate(env);
const principal = {
  id: "bench",
  name: "bench:priority",
  role: "admin",
  via: "session",
  userId: "bench",
} as const;
const { services, caller } = benchCaller({ databaseUrl, queue }, principal, "warn");
const consumer = startConsumer("priority-c1", {
  port: 9741,
  env: { ...env, PREFETCH: String(prefetch) },
  log,
});

/** Waits until the task has started; returns started_at - created_at, ms. */
async function pickupOf(task: Pick<Task, "id">): Promise<number> {
  for (;;) {
    const now = await caller.tasks.get({ id: task.id });
    if (now.startedAt) return Date.parse(now.startedAt) - Date.parse(now.createdAt);
    await sleep(20);
  }
}

async function waitIdle() {
  for (;;) {
    const stats = await caller.tasks.stats();
    if (stats.PENDING === 0 && stats.PROCESSING === 0) return;
    await sleep(200);
  }
}

const rows: { urgent: number; plain: number; pendingAtStart: number }[] = [];
try {
  await waitHealthy([consumer]);
  for (let repeat = 1; repeat <= repeats; repeat++) {
    await caller.processing.pause({ reason: "bench:priority: queueing the backlog" });
    try {
      for (let offset = 0; offset < backlog; offset += MAX_BATCH_PAYLOADS) {
        const size = Math.min(MAX_BATCH_PAYLOADS, backlog - offset);
        await caller.tasks.createMany({
          payloads: Array.from({ length: size }, (_, i) => `backlog-${repeat}-${offset + i}`),
        });
      }
    } finally {
      await caller.processing.resume();
    }
    // Busy: the consumer's window on the queue is full of backlog tasks.
    while ((await caller.tasks.stats()).PROCESSING < prefetch / 2) await sleep(20);

    const urgent = await caller.tasks.create({ payload: `urgent-${repeat}`, priority: 9 });
    const plain = await caller.tasks.create({ payload: `plain-${repeat}` });
    const urgentMs = await pickupOf(urgent);
    const pendingAtStart = (await caller.tasks.stats()).PENDING;
    const plainMs = await pickupOf(plain);
    rows.push({ urgent: urgentMs, plain: plainMs, pendingAtStart });
    console.log(
      `repeat ${repeat}: priority 9 started after ${urgentMs} ms (${pendingAtStart} tasks still pending then);` +
        ` priority 0 created with it started after ${(plainMs / 1000).toFixed(1)} s`,
    );
    await waitIdle();
  }
  const worst = Math.max(...rows.map((r) => r.urgent));
  console.log(
    `\n# priority pickup, backlog ${backlog}, PREFETCH ${prefetch}, ${workMs} ms work\n` +
      `priority 9: ${rows.map((r) => `${r.urgent} ms`).join(", ")} (worst ${worst} ms, goal < ${GOAL_MS} ms)\n` +
      `priority 0: ${rows.map((r) => `${(r.plain / 1000).toFixed(1)} s`).join(", ")}`,
  );
  console.log(`load average (1 min) at end: ${loadavg()[0]!.toFixed(1)}, ${cpus().length} CPUs`);
  if (worst >= GOAL_MS) process.exitCode = 1;
} finally {
  await consumer.stop();
  await services.close();
  await adminSql(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  const connection = await amqp.connect(rabbitmqUrl);
  await deleteTopology(await connection.createChannel(), queue).catch(() => {});
  await connection.close();
}
