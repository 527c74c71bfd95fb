import pg from "pg";
import PgBoss from "pg-boss";
import type { PeerRun, Workload } from "./peer-run";
import { uniqueName } from "./peer-run";
import { sleep } from "./stats";
import { waitUntil } from "./wait-until";
import { startWorkerProcess, type WorkerSpec } from "./worker-process";

const INSERT_SIZE = 1_000;
const BATCH_SIZE = 1_000;

/**
 * pg-boss as its docs advise for throughput: `insert` in bulk, `work` with a large batchSize and
 * the shortest polling interval. pg-boss 10.4.2 is the newest release that installs on Node 20
 * (11+ wants Node 22); it has no `localConcurrency` yet, so N local workers are N `work()` calls,
 * which is what `localConcurrency: N` does in later versions.
 */
export const pgBossConcurrency = (workload: Workload) => (workload.workMs === 0 ? 1 : 10);

export const describePgBoss = (workload: Workload) =>
  `pg-boss 10.4.2: insert ×${INSERT_SIZE}, 1 worker process, work batchSize ${BATCH_SIZE}, ` +
  `local concurrency ${pgBossConcurrency(workload)}, polling 0.5 s`;

/** Child side: `concurrency` polling loops, each handling a batch at a time. */
export async function startPgBossWorker(spec: WorkerSpec) {
  const boss = new PgBoss({ connectionString: spec.connection, supervise: false, schedule: false });
  boss.on("error", (error) => console.error(`pg-boss worker: ${error.message}`));
  await boss.start();
  for (let i = 0; i < spec.concurrency; i++) {
    await boss.work(spec.queue, { batchSize: spec.batchSize, pollingIntervalSeconds: 0.5 }, async () => {
      if (spec.workMs > 0) await sleep(spec.workMs);
    });
  }
  return { close: () => boss.stop({ graceful: true, wait: true, timeout: 30_000 }) };
}

async function admin<T>(server: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: `${server}/postgres` });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Runs the workload on a fresh database of its own, dropped afterwards. */
export async function runPgBoss(server: string, workload: Workload): Promise<PeerRun> {
  const database = uniqueName("bench_peers_pgboss");
  const url = `${server}/${database}`;
  await admin(server, (c) => c.query(`CREATE DATABASE "${database}"`));
  const boss = new PgBoss({ connectionString: url, schedule: false });
  boss.on("error", (error) => console.error(`pg-boss: ${error.message}`));
  const counter = new pg.Client({ connectionString: url });
  try {
    await boss.start();
    const queue = "bench";
    await boss.createQueue(queue);
    await counter.connect();
    const worker = await startWorkerProcess({
      peer: "pg-boss",
      queue,
      connection: url,
      concurrency: pgBossConcurrency(workload),
      batchSize: BATCH_SIZE,
      workMs: workload.workMs,
    });
    const t0 = performance.now();
    for (let offset = 0; offset < workload.tasks; offset += INSERT_SIZE) {
      const size = Math.min(INSERT_SIZE, workload.tasks - offset);
      await boss.insert(Array.from({ length: size }, (_, i) => ({ name: queue, data: { n: offset + i } })));
    }
    await waitUntil("pg-boss completions", async () => {
      const { rows } = await counter.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state = 'completed'",
        [queue],
      );
      return (rows[0]?.n ?? 0) >= workload.tasks;
    });
    const seconds = (performance.now() - t0) / 1000;
    return { seconds, peakRssBytes: await worker.stop() };
  } finally {
    await counter.end().catch(() => {});
    await boss.stop({ graceful: false, wait: true }).catch(() => {});
    await admin(server, (c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
  }
}
