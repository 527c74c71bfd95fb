import { createWorker } from "@tps/worker";
import { fileHash, httpCheck } from "./tasks.js";

// DATABASE_URL, RABBITMQ_URL, REDIS_URL and TASK_QUEUE: the deployment's (local defaults otherwise).
const worker = createWorker({ tasks: [httpCheck, fileHash] });

// The first signal drains (running tasks get SHUTDOWN_GRACE_MS to finish); a second one exits now.
let stopping = false;
const stop = (signal: string) => {
  if (stopping) {
    console.error(`worker: ${signal} again, exiting now`);
    process.exit(1);
  }
  stopping = true;
  console.log(`worker: ${signal}, draining`);
  worker.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error("worker: stop failed", error);
      process.exit(1);
    },
  );
};
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));

try {
  await worker.start();
} catch (error) {
  console.error("worker: could not start:", error instanceof Error ? error.message : error);
  process.exit(1);
}
console.log(`worker ready: ${worker.id} runs ${[httpCheck, fileHash].map((t) => t.type).join(", ")}`);
