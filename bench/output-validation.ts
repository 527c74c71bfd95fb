/**
 * `npx tsx bench/output-validation.ts`: what checking an answer against @tps/core's Task schemas
 * costs, to decide whether the task procedures may declare `.output()` (tRPC then parses every answer
 * with `parseAsync`). Times one task (tasks.get, create, cancel, retry) and a page of 100 (tasks.list
 * at its largest limit), in µs per call, after a warm-up. Compare with a create's 1-5 ms end to end.
 *
 * Decision (2 shared cores, Node 20): one task costs 4-5 µs, under 0.5 % of a create, so get,
 * create, cancel, retry and retryNow declare `.output()`. A page of 100 costs 360-500 µs (about 300
 * µs even parsed synchronously: 3-4 µs a task), 7-36 % of a create and some 5 % of a list call, on
 * the console's most frequent read, so tasks.list does not; its answers are checked against the same
 * schema by rest-openapi-conformance.int.test.ts instead.
 *
 * Options: --iterations N (20000; the page runs a hundredth of them, at least 200).
 */
import { createdTaskSchema, type Task, type TaskPage, taskPageSchema, taskSchema } from "@tps/core";
import { benchArgs } from "./args";

const { iterations } = benchArgs({ iterations: 20_000 });

/** A realistic finished typed task: every timestamp set, a small JSON input and output, progress. */
function sampleTask(id: number): Task {
  const at = new Date(Date.UTC(2026, 0, 1, 12, 0, id % 60)).toISOString();
  return {
    id,
    type: "math.add",
    input: { a: id, b: 2 },
    payload: JSON.stringify({ a: id, b: 2 }),
    status: "COMPLETED",
    attempts: 1,
    maxAttempts: 3,
    lastError: null,
    createdAt: at,
    publishedAt: at,
    startedAt: at,
    finishedAt: at,
    canceledAt: null,
    updatedAt: at,
    nextAttemptAt: null,
    output: { sum: id + 2 },
    progress: { percent: 100, message: "done" },
    priority: 0,
    expiresAt: null,
    scheduleId: "0b6d7d55-5f0e-4a5e-9d0c-3c1f4f6b2a11",
    waitingOn: null,
    expired: false,
  };
}

/** µs per call of `run`, timed over `n` calls after n/10 untimed ones. */
async function timed(n: number, run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.ceil(n / 10); i++) await run();
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await run();
  return Number(process.hrtime.bigint() - start) / 1_000 / n;
}

const task = sampleTask(1);
const page: TaskPage = { items: Array.from({ length: 100 }, (_, i) => sampleTask(i + 1)), nextCursor: "c" };
const pageRuns = Math.max(200, Math.floor(iterations / 100));

const rows: [string, number][] = [
  ["Task (get/cancel/retry)", await timed(iterations, () => taskSchema.parseAsync(task))],
  ["CreatedTask (create)", await timed(iterations, () => createdTaskSchema.parseAsync(task))],
  ["TaskPage of 100 (list)", await timed(pageRuns, () => taskPageSchema.parseAsync(page))],
  ["TaskPage of 100, sync parse", await timed(pageRuns, async () => taskPageSchema.parse(page))],
  ["baseline: await of the value", await timed(iterations, async () => task)],
];
console.log(`node ${process.version}, ${iterations} iterations (page: ${pageRuns})`);
for (const [name, us] of rows) console.log(`${name.padEnd(30)} ${us.toFixed(2).padStart(9)} µs/call`);
