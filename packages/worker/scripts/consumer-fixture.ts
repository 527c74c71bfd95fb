// Type-checked by verify-pack.mjs in a temporary project outside the repository, against the packed
// @tps/worker and its peer zod, with `strict` and without skipLibCheck: the bundled declarations must
// check cleanly and keep their types (the @ts-expect-error lines fail tsc if a type went loose).
import { createHash } from "node:crypto";
import {
  type AnyTaskDefinition,
  createWorker,
  defineTask,
  isNonRetryable,
  NonRetryableError,
  TaskAbortedError,
  type TaskContext,
  type TaskDefinition,
  type Worker,
} from "@tps/worker";
import { z } from "zod";

export const add = defineTask({
  type: "math.add",
  input: z.object({ a: z.number(), b: z.number() }),
  retry: { maxAttempts: 5, backoffMs: 500, maxBackoffMs: 10_000 },
  timeoutMs: 5_000,
  concurrency: 4,
  run: async ({ a, b }, ctx: TaskContext) => {
    ctx.progress(50, "adding");
    ctx.log.info({ a, b, attempt: ctx.attempt }, "adding");
    if (ctx.signal.aborted) throw ctx.signal.reason;
    return { sum: a + b };
  },
});

export const digest = defineTask({
  type: "text.digest",
  input: z.object({ text: z.string().max(10_000), algorithm: z.enum(["sha256", "sha1"]).default("sha256") }),
  output: z.object({ digest: z.string().length(64) }),
  run: async ({ text, algorithm }) => {
    if (algorithm !== "sha256") throw new NonRetryableError("only sha256 has 64 hex digits");
    return { digest: createHash(algorithm).update(text).digest("hex") };
  },
});

// What a caller (@tps/client) reads from `typeof add`, without loading this package.
type Caller<D> = D extends { "~types"?: infer T } ? NonNullable<T> : never;
export const addTypes: Caller<typeof add> = { type: "math.add", input: { a: 1, b: 2 }, output: { sum: 3 } };
export const digestInput: Caller<typeof digest>["input"] = { text: "x" }; // algorithm has a default
export const typed: TaskDefinition<"math.add"> = add;

export const worker: Worker = createWorker({
  tasks: [add, digest] satisfies AnyTaskDefinition[],
  databaseUrl: "postgresql://postgres@127.0.0.1:5432/tps",
  rabbitmqUrl: "amqp://guest:guest@127.0.0.1:5672",
  redisUrl: "redis://127.0.0.1:6379",
  queue: "task_queue",
  shutdownGraceMs: 5_000,
  env: {},
});

export async function lifecycle(): Promise<string> {
  await worker.start();
  const health = await worker.health();
  const metrics = await worker.registry.metrics();
  await worker.stop();
  return `${worker.id} ${worker.inFlight} ${health.ok} ${metrics.length}`;
}

export function classify(error: unknown): string {
  if (error instanceof TaskAbortedError) return error.code; // "canceled" | "timeout" | "shutdown" | "lease_lost"
  return isNonRetryable(error) ? "permanent" : "retry";
}

defineTask({
  type: "bad.types",
  input: z.object({ n: z.number() }),
  // @ts-expect-error the input is a number, not a string
  run: async ({ n }: { n: string }) => n,
});

defineTask({
  type: "bad.output",
  input: z.object({}),
  output: z.object({ ok: z.boolean() }),
  // @ts-expect-error the result must match the output schema
  run: async () => ({ ok: "yes" }),
});

// @ts-expect-error "math.add"'s input has no `c`
export const wrongInput: Caller<typeof add>["input"] = { a: 1, b: 2, c: 3 };
