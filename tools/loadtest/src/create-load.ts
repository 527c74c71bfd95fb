import type { TasksClient } from "@tps/client";
import type { LoadTestOptions } from "./args";
import { dueBy, roleOf, splitIntoCalls, tickMs, totalTasks } from "./pacing";

export type Role = ReturnType<typeof roleOf>;

export interface CreatedTask {
  id: number;
  index: number;
  role: Role;
}

export interface CreateCall {
  /** Milliseconds since the run started. */
  atMs: number;
  latencyMs: number;
  size: number;
  error?: string;
}

export interface CancelCall {
  id: number;
  atMs: number;
  latencyMs: number;
  /** The API refused it (typically: the task had already finished). */
  error?: string;
}

export interface CreateProgress {
  total: number;
  sent: number;
  created: number;
  failed: number;
  inFlight: number;
  elapsedMs: number;
}

export interface CreatePhase {
  /** Wall-clock start (epoch ms): server timestamps are compared with it. */
  startedAt: number;
  /** Milliseconds from the start to the last create answered. */
  elapsedMs: number;
  total: number;
  tasks: CreatedTask[];
  calls: CreateCall[];
  cancels: CancelCall[];
}

const CALL_TIMEOUT_MS = 30_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const messageOf = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).split("\n")[0]!;

/**
 * Creates `rate × duration` tasks on an open-loop schedule (see pacing.ts), at most `maxInFlight`
 * requests outstanding, and cancels the tasks chosen for it after a delay spread over `workMs`
 * (so cancels hit pending and running tasks). Resolves when every create and cancel has answered.
 */
export async function createLoad(
  client: TasksClient,
  options: Pick<
    LoadTestOptions,
    "rate" | "durationMs" | "batch" | "cancelRatio" | "failRatio" | "workMs" | "maxInFlight"
  >,
  onProgress?: (progress: CreateProgress) => void,
): Promise<CreatePhase> {
  const runId = Date.now().toString(36);
  const total = totalTasks(options.rate, options.durationMs);
  const tick = tickMs(options.rate);
  const startedAt = Date.now();
  const t0 = performance.now();
  const now = () => performance.now() - t0;

  const tasks: CreatedTask[] = [];
  const calls: CreateCall[] = [];
  const cancels: CancelCall[] = [];
  const pending = new Set<Promise<void>>();
  let sent = 0;
  let failed = 0;
  let inFlight = 0;
  const track = (promise: Promise<void>) => {
    pending.add(promise);
    void promise.finally(() => pending.delete(promise));
  };

  const cancelLater = (task: CreatedTask) => {
    // Deterministic spread over [0, workMs]: some cancels find the task pending, most running.
    const delay = ((task.index * 0.381_966_011_250_105) % 1) * options.workMs;
    track(
      sleep(delay).then(async () => {
        const atMs = now();
        try {
          await client.tasks.cancel.mutate({ id: task.id }, { signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });
          cancels.push({ id: task.id, atMs, latencyMs: now() - atMs });
        } catch (error) {
          cancels.push({ id: task.id, atMs, latencyMs: now() - atMs, error: messageOf(error) });
        }
      }),
    );
  };

  const send = (first: number, size: number) => {
    const indexes = Array.from({ length: size }, (_, k) => first + k);
    const roles = indexes.map((i) => roleOf(i, options.cancelRatio, options.failRatio));
    const payloads = indexes.map((i, k) => `${roles[k] === "fail" ? "fail:" : ""}loadtest ${runId} #${i}`);
    const atMs = now();
    inFlight++;
    const signal = AbortSignal.timeout(CALL_TIMEOUT_MS);
    const request =
      size === 1
        ? client.tasks.create.mutate({ payload: payloads[0]! }, { signal }).then((task) => [task])
        : client.tasks.createMany.mutate({ payloads }, { signal }).then((r) => r.items);
    track(
      request.then(
        (items) => {
          calls.push({ atMs, latencyMs: now() - atMs, size });
          items.forEach((item, k) => {
            const task = { id: item.id, index: indexes[k]!, role: roles[k]! };
            tasks.push(task);
            if (task.role === "cancel") cancelLater(task);
          });
          inFlight--;
        },
        (error: unknown) => {
          calls.push({ atMs, latencyMs: now() - atMs, size, error: messageOf(error) });
          failed += size;
          inFlight--;
        },
      ),
    );
  };

  const report = () =>
    onProgress?.({ total, sent, created: tasks.length, failed, inFlight, elapsedMs: now() });

  for (let tickNo = 1; sent < total; tickNo++) {
    const due = dueBy(now(), options.rate, total) - sent;
    for (const size of splitIntoCalls(due, options.batch)) {
      if (inFlight >= options.maxInFlight) break; // behind schedule: these stay due
      send(sent, size);
      sent += size;
    }
    report();
    await sleep(tickNo * tick - now());
  }
  // Every create answered (cancels scheduled by late answers are tracked too).
  while (pending.size > 0) {
    await Promise.race([Promise.allSettled([...pending]), sleep(tick)]);
    report();
  }
  const lastAnswer = calls.reduce((last, c) => Math.max(last, c.atMs + c.latencyMs), 0);
  tasks.sort((a, b) => a.index - b.index);
  return { startedAt, elapsedMs: lastAnswer, total, tasks, calls, cancels };
}
