/**
 * `npm run bench:limits`: what a limited task type costs. Worker processes (the test host
 * packages/worker/src/limits/limited-host.ts) serve three no-op types on a database and queue of
 * their own: `lim.free` (no limit), `lim.conc` (concurrencyLimit 100, one key) and `lim.rate`
 * (a rate limit of 1,000,000 per second, far above what is reached). For each round and type:
 * processing paused, N tasks created, processing resumed; the time from the resume until all are
 * COMPLETED gives tasks/s. Types alternate within a round, so all three share one sitting.
 *
 * Options: --tasks N (5000), --rounds R (3), --workers W (1). Needs PostgreSQL, RabbitMQ and Redis
 * on 127.0.0.1 (BENCH_POSTGRES_URL, RABBITMQ_URL, REDIS_URL).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { deleteTopology } from "@tps/infra";
import { TEST_ADMIN } from "@tps/infra/testing";
import amqp from "amqplib";
import {
  adminSql,
  benchCaller,
  benchRabbitmqUrl as rabbitmqUrl,
  benchRedisUrl as redisUrl,
  runNames,
} from "./bench-run";

const { values } = parseArgs({
  options: {
    tasks: { type: "string", default: "5000" },
    rounds: { type: "string", default: "3" },
    workers: { type: "string", default: "1" },
  },
});
const tasks = Number(values.tasks);
const rounds = Number(values.rounds);
const { database, databaseUrl, queue } = runNames("limits");
const HOST = fileURLToPath(new URL("../packages/worker/src/limits/limited-host.ts", import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

await adminSql(`CREATE DATABASE "${database}"`);
const migrated = spawnSync(process.execPath, ["packages/db/scripts/deploy.mjs"], {
  env: { ...process.env, DATABASE_URL: databaseUrl },
  encoding: "utf8",
});
if (migrated.status !== 0) throw new Error(`migration failed: ${migrated.stderr}`);

const { services, caller } = benchCaller({ databaseUrl, queue }, TEST_ADMIN, "silent");
const hosts: ChildProcess[] = [];

try {
  for (let i = 0; i < Number(values.workers); i++) {
    const child = spawn(process.execPath, ["--conditions=@tps/source", "--import", "tsx", HOST], {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        RABBITMQ_URL: rabbitmqUrl,
        REDIS_URL: redisUrl,
        TASK_QUEUE: queue,
        LIMITED_CONCURRENCY: "100",
        LIMITED_RATE_MAX: "1000000",
        LIMITED_RATE_PER_MS: "1000",
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on("data", (d: Buffer) => d.toString().includes("limited host ready") && resolve());
      child.once("exit", (code) => reject(new Error(`worker exited (${code})`)));
    });
    hosts.push(child);
  }
  const completed = async () => {
    const [row] = await services.db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM tasks WHERE status = 'COMPLETED'`;
    return row!.n;
  };
  const figures: Record<string, number[]> = { "lim.free": [], "lim.conc": [], "lim.rate": [] };
  console.log(
    `bench:limits — ${values.workers} worker process(es), ${tasks} no-op tasks per run, ${rounds} rounds`,
  );
  for (let round = 0; round < rounds; round++) {
    const order = Object.keys(figures);
    for (const type of [...order.slice(round % 3), ...order.slice(0, round % 3)]) {
      await caller.processing.pause({ reason: "bench:limits" });
      await sleep(700); // the workers see the switch (read every 500 ms) and unsubscribe
      const before = await completed();
      for (let offset = 0; offset < tasks; offset += 5_000) {
        const size = Math.min(5_000, tasks - offset);
        await caller.tasks.createMany({
          items: Array.from({ length: size }, () => ({ type, input: { k: "one", ms: 0 } })),
        });
      }
      const t0 = performance.now();
      await caller.processing.resume();
      while ((await completed()) - before < tasks) await sleep(50);
      const seconds = (performance.now() - t0) / 1000;
      figures[type]!.push(tasks / seconds);
      console.log(
        `  round ${round + 1} ${type.padEnd(8)} ${(tasks / seconds).toFixed(0).padStart(6)} tasks/s (${seconds.toFixed(2)} s)`,
      );
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const free = median(figures["lim.free"]!);
  for (const [type, xs] of Object.entries(figures)) {
    const m = median(xs);
    console.log(
      `${type.padEnd(8)} median ${m.toFixed(0)} tasks/s (${((m / free) * 100).toFixed(0)} % of unlimited)`,
    );
  }
} finally {
  for (const child of hosts) child.kill("SIGTERM");
  await Promise.all(hosts.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : null)));
  await services.close();
  const connection = await amqp.connect(rabbitmqUrl);
  await deleteTopology(await connection.createChannel(), queue, ["lim.free", "lim.conc", "lim.rate"]).catch(
    () => {},
  );
  await connection.close();
  await adminSql(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
}
