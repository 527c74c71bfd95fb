// Type-checked by verify-pack.mjs in a temporary project outside the repository, against the
// packed @tps/client: if the bundled declarations lost the router's types, the @ts-expect-error
// lines below stop being errors and tsc fails.
import {
  ConflictError,
  createTasksClient,
  NotFoundError,
  outputOf,
  RateLimitedError,
  type Task,
  TaskCanceledError,
  TaskFailedError,
  type TaskStatus,
  TasksApiError,
  toTasksApiError,
  ValidationError,
  WaitTimeoutError,
} from "@tps/client";

const client = createTasksClient("http://127.0.0.1:3000/api/trpc", {
  apiKey: "tps_key",
  headers: () => ({ "x-request-id": "1" }),
  timeoutMs: 5_000,
  retry: { attempts: 3, baseMs: 200 },
});

export async function typedCalls(): Promise<void> {
  const task: Task = await client.tasks.create.mutate({ payload: "x" });
  const status: TaskStatus = task.status;
  const { items } = await client.tasks.createMany.mutate({ payloads: ["a", "b"] });
  const page = await client.tasks.list.query({ filter: { status: "PENDING" }, sort: "created", limit: 10 });
  const next: string | null = page.nextCursor;
  const finished: Task[] = await client.waitFor(
    items.map((t) => t.id),
    { timeoutMs: 1_000, pollMs: 500 },
  );
  const one: Task = await client.waitFor(task.id, { signal: AbortSignal.timeout(1_000) });
  const stop: () => void = client.watch([task.id], (t: Task, previous: TaskStatus) => void [t, previous]);
  const counts = await client.tasks.stats.query({ filter: { search: "x" } });
  const completed: number = counts.COMPLETED;
  const overview = await client.dashboard.overview.query();
  const { changed, skipped } = await client.tasks.cancelMany.mutate({ ids: [1, 2] });
  void [status, next, finished, one, stop, completed, overview, changed, skipped];

  // @ts-expect-error payload must be a string
  await client.tasks.create.mutate({ payload: 1 });
  // @ts-expect-error there is no such procedure
  await client.tasks.nope.query();
  // @ts-expect-error a status that does not exist
  await client.tasks.list.query({ filter: { status: "DONE" } });
}

/** What `typeof add` of a `defineTask` from @tps/worker carries: the client reads only this. */
interface Add {
  readonly "~types"?: {
    readonly type: "math.add";
    readonly input: { a: number; b: number };
    readonly output: { sum: number };
  };
}

export async function typedTriggers(): Promise<number> {
  const created = await client.trigger<Add>("math.add", { a: 1, b: 2 }, { idempotencyKey: "add-1" });
  const input: { a: number; b: number } = created.input;
  const done = await client.triggerAndWait<Add>("math.add", { a: 2, b: 3 }, { timeoutMs: 1_000 });
  const again = await client.waitFor<Add>(created.id);
  if (again.status === "COMPLETED") void again.output.sum;
  void input;
  // @ts-expect-error the name must be the definition's
  await client.trigger<Add>("math.sub", { a: 1, b: 2 });
  // @ts-expect-error b must be a number
  await client.trigger<Add>("math.add", { a: 1, b: "2" });
  try {
    return outputOf(done).sum;
  } catch (error) {
    if (error instanceof TaskFailedError) return error.lastError?.length ?? 0;
    if (error instanceof TaskCanceledError) return -1;
    throw error;
  }
}

export function branchOnErrors(error: unknown): string {
  const e = toTasksApiError(error);
  if (e instanceof NotFoundError) return "missing";
  if (e instanceof ConflictError) return "wrong state";
  if (e instanceof ValidationError) return Object.keys(e.fieldErrors).join(",");
  if (e instanceof RateLimitedError) return `retry in ${e.retryAfter ?? "?"} s`;
  if (e instanceof WaitTimeoutError) return e.pendingIds.join(",");
  if (e instanceof TasksApiError) return e.code;
  return "never";
}
