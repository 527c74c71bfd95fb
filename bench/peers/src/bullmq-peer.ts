import { Queue, Worker } from "bullmq";
import type { PeerRun, Workload } from "./peer-run";
import { uniqueName } from "./peer-run";
import { sleep } from "./stats";
import { waitUntil } from "./wait-until";
import { startWorkerProcess, type WorkerSpec } from "./worker-process";

const ADD_BULK_SIZE = 1_000;

/** BullMQ as its docs advise for throughput: `addBulk`, one Worker with high concurrency. */
export const bullmqConcurrency = (workload: Workload) => (workload.workMs === 0 ? 100 : 10_000);

export const describeBullmq = (workload: Workload) =>
  `BullMQ 6.7.0: addBulk ×${ADD_BULK_SIZE}, 1 Worker process, concurrency ${bullmqConcurrency(workload)}`;

function connection(redisUrl: string) {
  const url = new URL(redisUrl);
  return { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null };
}

/** Child side: a Worker whose job is the simulated work. */
export async function startBullmqWorker(spec: WorkerSpec) {
  const worker = new Worker(
    spec.queue,
    async () => {
      if (spec.workMs > 0) await sleep(spec.workMs);
    },
    { connection: connection(spec.connection), concurrency: spec.concurrency },
  );
  await worker.waitUntilReady();
  return { close: () => worker.close() };
}

export async function runBullmq(redisUrl: string, workload: Workload): Promise<PeerRun> {
  const name = uniqueName("bench-peers");
  const queue = new Queue(name, { connection: connection(redisUrl) });
  try {
    const worker = await startWorkerProcess({
      peer: "bullmq",
      queue: name,
      connection: redisUrl,
      concurrency: bullmqConcurrency(workload),
      batchSize: 1,
      workMs: workload.workMs,
    });
    const t0 = performance.now();
    for (let offset = 0; offset < workload.tasks; offset += ADD_BULK_SIZE) {
      const size = Math.min(ADD_BULK_SIZE, workload.tasks - offset);
      await queue.addBulk(
        Array.from({ length: size }, (_, i) => ({ name: "task", data: { n: offset + i } })),
      );
    }
    await waitUntil("BullMQ completions", async () => (await queue.getCompletedCount()) >= workload.tasks);
    const seconds = (performance.now() - t0) / 1000;
    return { seconds, peakRssBytes: await worker.stop() };
  } finally {
    await queue.obliterate({ force: true });
    await queue.close();
  }
}
