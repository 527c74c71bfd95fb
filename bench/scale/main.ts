/**
 * `npm run bench:scale`: N consumer processes (default 3) and two web processes on one database and
 * one queue, on their own database/queue/ports. For each PREFETCH it creates tasks through both
 * webs, waits until all are COMPLETED, and prints throughput next to the total in-flight capacity
 * (consumers × PREFETCH / work time), each consumer's share and peak in flight, and checks that
 * none sat idle and no task ran twice (every completed task has attempts = 1 and one start).
 *
 * Options: --consumers N (3), --prefetch 50,500,5000, --work-ms 3000, --waves 3 (tasks = waves ×
 * capacity, at most --max-tasks 20000), --quick. Needs a build (`npx turbo run build`).
 * TPS_API_KEY, when set, is sent as "Authorization: Bearer <key>".
 */
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createTasksClient } from "@tps/client";
import pg from "pg";
import { benchArgs } from "../args";
import { apiKeyHeaders, endRun, runNames } from "../bench-run";
import { readGauge } from "../prometheus-gauge";
import { auditRun } from "./checks";
import { type ManagedProcess, migrate, startConsumer, startWeb, waitHealthy } from "./processes";

const args = benchArgs({
  consumers: 3,
  prefetch: "50,500,5000",
  "work-ms": 3_000,
  waves: 3,
  "max-tasks": 20_000,
  quick: false,
});
const { consumers, "work-ms": workMs, quick } = args;
const prefetches = (quick ? "20,200" : args.prefetch).split(",").map(Number);
const waves = quick ? 2 : args.waves;
const maxTasks = quick ? 2_000 : args["max-tasks"];
const headers = apiKeyHeaders();

const { database, databaseUrl, queue } = runNames("scale");
const log = join(tmpdir(), `${database}.log`);
const env = { DATABASE_URL: databaseUrl, TASK_QUEUE: queue, TASK_WORK_MS: String(workMs) };
const webPorts = [3310, 3311];

console.log(`bench:scale — ${consumers} consumers, 2 webs, ${workMs} ms IO-bound work (logs: ${log})`);
migrate(env);
const webs = webPorts.map((port, i) => startWeb(i + 1, { port, env, log }));
const db = new pg.Client({ connectionString: env.DATABASE_URL });
let running: ManagedProcess[] = [];
try {
  await waitHealthy(webs);
  await db.connect();
  const clients = webPorts.map((p) => createTasksClient(`http://127.0.0.1:${p}/api/trpc`, { headers }));
  const rows: string[] = [];
  for (const prefetch of prefetches) {
    running = Array.from({ length: consumers }, (_, i) =>
      startConsumer(`scale-c${i + 1}-p${prefetch}`, {
        port: 9710 + i,
        env: { ...env, PREFETCH: String(prefetch) },
        log,
      }),
    );
    await waitHealthy(running);
    const capacity = consumers * prefetch;
    const tasks = Math.min(maxTasks, capacity * waves);
    const peaks = new Map(running.map((c) => [c.name, 0]));
    const heartbeatPeaks = new Map(running.map((c) => [c.name, 0]));
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        await Promise.all(
          running.map(async (c, i) => {
            const v =
              (await readGauge(`http://127.0.0.1:${9710 + i}/metrics`, "consumer_tasks_in_flight")) ?? 0;
            peaks.set(c.name, Math.max(peaks.get(c.name)!, v));
          }),
        );
        const beats = await db.query<{ id: string; in_flight: number }>(
          "SELECT id, in_flight FROM consumers WHERE id = ANY($1)",
          [running.map((c) => c.name)],
        );
        for (const b of beats.rows)
          heartbeatPeaks.set(b.id, Math.max(heartbeatPeaks.get(b.id) ?? 0, b.in_flight));
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    const t0 = performance.now();
    const ids: number[] = [];
    const perWeb = [0, 0];
    // Both webs create half of the tasks each, in calls of at most 1,000.
    const chunk = Math.min(1_000, Math.ceil(tasks / 8));
    await Promise.all(
      clients.map(async (client, w) => {
        for (let offset = w * chunk; offset < tasks; offset += 2 * chunk) {
          const size = Math.min(chunk, tasks - offset);
          const { items } = await client.tasks.createMany.mutate({
            payloads: Array.from({ length: size }, (_, i) => `scale-${prefetch}-${offset + i}`),
          });
          ids.push(...items.map((t) => t.id));
          perWeb[w]! += items.length;
        }
      }),
    );
    const first = Math.min(...ids);
    const last = Math.max(...ids);
    for (;;) {
      const { rows: done } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM tasks WHERE id BETWEEN $1 AND $2 AND status = 'COMPLETED'`,
        [first, last],
      );
      if ((done[0]?.n ?? 0) >= tasks) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (performance.now() - t0) / 1000;
    sampling = false;
    await sampler;
    const audit = await auditRun(db, first, last);
    const idle = running.filter((c) => !audit.startedByConsumer.get(c.name) || !peaks.get(c.name));
    const ideal = capacity / (workMs / 1000);
    rows.push(
      `PREFETCH ${String(prefetch).padStart(5)} | capacity ${String(capacity).padStart(6)} in flight → ideal ${ideal.toFixed(0).padStart(5)}/s` +
        ` | ${tasks} tasks in ${seconds.toFixed(1)} s = ${(tasks / seconds).toFixed(0)}/s (${((tasks / seconds / ideal) * 100).toFixed(0)} % of ideal)`,
    );
    console.log(`\n${rows.at(-1)}`);
    console.log(`  creates per web: ${perWeb.join(" / ")}`);
    for (const c of running) {
      console.log(
        `  ${c.name.padEnd(18)} started ${String(audit.startedByConsumer.get(c.name) ?? 0).padStart(6)} tasks,` +
          ` peak in flight ${String(peaks.get(c.name)).padStart(5)} (/metrics), ${String(heartbeatPeaks.get(c.name)).padStart(5)} (consumers table)`,
      );
    }
    console.log(
      `  completed ${audit.completed}/${tasks}, not completed ${audit.notCompleted}, attempts ≠ 1: ${audit.attemptsOtherThanOne},` +
        ` started twice: ${audit.startedTwice}, idle consumers: ${idle.length ? idle.map((c) => c.name).join(", ") : "none"}`,
    );
    if (audit.attemptsOtherThanOne || audit.startedTwice || idle.length) process.exitCode = 1;
    await Promise.all(running.map((c) => c.stop()));
    running = [];
  }
  console.log(`\n# summary (${consumers} consumers, 2 webs, ${workMs} ms work)\n${rows.join("\n")}`);
  // The machine may be shared: say how busy it was.
  console.log(`load average (1 min) at end: ${loadavg()[0]!.toFixed(1)}, ${cpus().length} CPUs`);
} finally {
  await endRun({ database, queue }, [...running, ...webs], db);
}
