/**
 * Test only: a worker process serving three types, for the multi-process limit tests
 * (limits.int.test.ts) and bench/limits.ts. Configured by the environment (DATABASE_URL,
 * RABBITMQ_URL, REDIS_URL, TASK_QUEUE, LEASE_MS, WORK_LEDGER_FILE, CONSUMER_ID) plus
 * LIMITED_CONCURRENCY (default 3) and LIMITED_RATE_MAX / LIMITED_RATE_PER_MS (default 5 per 1,000 ms).
 * Prints "limited host ready" once consuming; SIGTERM stops it gracefully.
 *   lim.conc  concurrencyLimit per input.k, sleeps input.ms
 *   lim.rate  rateLimit per input.k, sleeps input.ms
 *   lim.free  no limit, sleeps input.ms
 */
import { z } from "zod";
import { createHostedWorker } from "../create-worker";
import { defineTask } from "../define-task";

const env = process.env;
const int = (name: string, fallback: number) => Number(env[name] ?? fallback);
const input = z.object({ k: z.string(), ms: z.number().int().min(0) });
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (ms === 0) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

const tasks = [
  defineTask({
    type: "lim.conc",
    input,
    concurrencyLimit: int("LIMITED_CONCURRENCY", 3),
    concurrencyKey: (i) => i.k,
    run: (i, ctx) => sleep(i.ms, ctx.signal),
  }),
  defineTask({
    type: "lim.rate",
    input,
    rateLimit: { max: int("LIMITED_RATE_MAX", 5), perMs: int("LIMITED_RATE_PER_MS", 1_000), key: (i) => i.k },
    run: (i, ctx) => sleep(i.ms, ctx.signal),
  }),
  defineTask({ type: "lim.free", input, run: (i, ctx) => sleep(i.ms, ctx.signal) }),
];

const worker = createHostedWorker(
  { tasks, env: { LOG_LEVEL: "warn", ...env } },
  { telemetry: false, settings: { SHUTDOWN_GRACE_MS: 2_000 } },
);
await worker.start();
console.log("limited host ready");
process.once("SIGTERM", () => {
  void worker.stop().then(() => process.exit(0));
});
