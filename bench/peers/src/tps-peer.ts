import { createTasksClient } from "@tps/client";
import { readGauge } from "../../prometheus-gauge";
import type { PeerRun, Workload } from "./peer-run";
import { peakSampler } from "./stats";
import type { TpsEndpoints } from "./tps-system";
import { waitUntil } from "./wait-until";

const CREATE_MANY_SIZE = 10_000;

export const describeTps = (workload: Workload) =>
  `this project: createMany ×${CREATE_MANY_SIZE.toLocaleString("en")} via typed client on the API server, 1 web + 1 API server + 1 consumer, ` +
  `PREFETCH 10000, BATCH_SIZE 200, TASK_WORK_MS ${workload.workMs}`;

/** First create → all of this run's tasks COMPLETED, through the project's own API and client. */
export async function runTps(
  system: TpsEndpoints,
  workload: Workload,
  headers: Record<string, string>,
): Promise<PeerRun> {
  const client = createTasksClient(system.trpcUrl, { headers });
  // Each run starts on an idle system: tasks still running from before would count as this run's.
  await waitUntil("an idle system", async () => {
    const { PENDING, PROCESSING } = await client.tasks.stats.query();
    return PENDING + PROCESSING === 0;
  });
  const before = (await client.tasks.stats.query()).COMPLETED;
  const rss = peakSampler(() => readGauge(system.consumerMetricsUrl, "process_resident_memory_bytes"));
  const t0 = performance.now();
  for (let offset = 0; offset < workload.tasks; offset += CREATE_MANY_SIZE) {
    const size = Math.min(CREATE_MANY_SIZE, workload.tasks - offset);
    await client.tasks.createMany.mutate({
      payloads: Array.from({ length: size }, (_, i) => `peers-${workload.key}-${offset + i}`),
    });
  }
  await waitUntil("this project's completions", async () => {
    const { COMPLETED } = await client.tasks.stats.query();
    return COMPLETED - before >= workload.tasks;
  });
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, peakRssBytes: await rss.stop() };
}
