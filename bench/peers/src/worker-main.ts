/** Child process: runs one peer's worker until the parent says stop, sampling its own RSS. */
import { startBullmqWorker } from "./bullmq-peer";
import { startPgBossWorker } from "./pg-boss-peer";
import type { WorkerMessage, WorkerSpec } from "./worker-process";

const spec = JSON.parse(process.argv[2] ?? "{}") as WorkerSpec;
const send = (message: WorkerMessage) => process.send?.(message);

let peakRssBytes = process.memoryUsage.rss();
const sampler = setInterval(() => {
  peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss());
}, 100);

const worker = spec.peer === "bullmq" ? await startBullmqWorker(spec) : await startPgBossWorker(spec);
send({ type: "ready" });

process.on("message", (message: { type: string }) => {
  if (message.type !== "stop") return;
  void (async () => {
    clearInterval(sampler);
    await worker.close();
    send({ type: "stopped", peakRssBytes });
    process.disconnect();
    process.exit(0);
  })();
});
process.on("disconnect", () => process.exit(0));
