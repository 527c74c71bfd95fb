// A worker for the e2e run's typed tasks (task-types.spec.ts), next to the consumer that serves the
// built-in `sleep` type. Started and stopped by e2e-server.mjs; reads the run's DATABASE_URL,
// RABBITMQ_URL, REDIS_URL and TASK_QUEUE like any worker. Run from the repository root:
//   node --conditions=@tps/source --import tsx e2e/scripts/demo-worker.ts
import { setTimeout as sleep } from "node:timers/promises";
import { createWorker, defineTask } from "@tps/worker";
import { z } from "zod";

/** Counts to `to`, one step every `stepMs`, reporting progress at each step: a bar that visibly moves. */
export const demoCount = defineTask({
  type: "demo.count",
  input: z.object({
    to: z.number().int().min(1).max(1_000),
    stepMs: z.number().int().min(0).max(10_000).optional(),
  }),
  output: z.object({ counted: z.number().int() }),
  retry: { maxAttempts: 2, backoffMs: 250 },
  timeoutMs: 120_000,
  run: async ({ to, stepMs = 500 }, ctx) => {
    for (let step = 1; step <= to; step++) {
      await sleep(stepMs, undefined, { signal: ctx.signal });
      ctx.progress((step / to) * 100, `counted ${step} of ${to}`);
    }
    return { counted: to };
  },
});

// A recognisable id: the dashboard spec tells this worker's row from the consumer's by it.
const worker = createWorker({ tasks: [demoCount], id: `e2e-demo-worker-${process.pid}` });

let stopping = false;
async function stop(signal: string) {
  if (stopping) process.exit(1); // a second signal: do not wait for the drain
  stopping = true;
  console.log(`[demo-worker] ${signal}: stopping`);
  await worker.stop();
  process.exit(0);
}
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void stop(signal));

try {
  await worker.start();
  console.log(`[demo-worker] ${worker.id} serves ${demoCount.type}`);
} catch (error) {
  console.error(`[demo-worker] could not start: ${(error as Error).message}`);
  await worker.stop();
  process.exit(1);
}
