import {
  createTRPCClient,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
  type TRPCClient,
} from "@trpc/client";
import { deferredEventSource } from "./event-source";
import { generatedKeyLink } from "./generated-key";
import { fetchWithTimeout } from "./http";
import { errorLink, retryLink } from "./links";
import { DEFAULT_TIMEOUT_MS, headersOf, type TasksClientOptions } from "./options";
import type { ChangeSource } from "./refresh-loop";
import { DEFAULT_RETRY } from "./retry-policy";
import type { AppRouter, Task } from "./router";
import type {
  TaskInput,
  TaskTypeLike,
  TaskTypeName,
  TerminalTask,
  TriggeredTask,
  TriggerOptions,
  UntypedTask,
} from "./typed-tasks";
import { type WaitForOptions, waitForTasks } from "./wait-for";
import { type TaskChangeHandler, type WatchOptions, watchTasks } from "./watch";

/** Options of `triggerAndWait`: the create's, then the wait's (`signal` aborts either). */
export type TriggerAndWaitOptions = TriggerOptions & WaitForOptions;

/** Helpers on top of the procedures. */
export interface TasksClientHelpers {
  /**
   * Creates a task of a type a worker defines. With the definition's type
   * (`trigger<typeof add>("math.add", { a: 1, b: 2 })`, from `import type { add } from "./tasks"`)
   * the name and the input are checked at compile time and the task's `input`/`output` are typed.
   * The server checks the input against the type's registered schema (`ValidationError`).
   */
  trigger<D extends TaskTypeLike = UntypedTask>(
    type: TaskTypeName<D>,
    input: TaskInput<D>,
    options?: TriggerOptions,
  ): Promise<TriggeredTask<D>>;
  /**
   * `trigger`, then `waitFor`: resolves with the finished task, however it ended (as `waitFor`
   * does). `output` is typed once `status` is narrowed to COMPLETED; `outputOf(task)` returns it or
   * throws `TaskFailedError` / `TaskCanceledError`. `timeoutMs` bounds the wait; when it passes (or
   * `signal` aborts) the task keeps running: wait again with `waitFor(error.pendingIds[0])`.
   */
  triggerAndWait<D extends TaskTypeLike = UntypedTask>(
    type: TaskTypeName<D>,
    input: TaskInput<D>,
    options?: TriggerAndWaitOptions,
  ): Promise<TerminalTask<D>>;
  /** Resolves with the task once it is COMPLETED, CANCELED or FAILED. */
  waitFor(id: number, options?: WaitForOptions): Promise<Task>;
  /** Resolves with the tasks, in the order of `ids`, once every one is COMPLETED, CANCELED or FAILED. */
  waitFor(ids: readonly number[], options?: WaitForOptions): Promise<Task[]>;
  /** `waitFor` of a task of a known type (`waitFor<typeof add>(id)`): `input` and `output` typed. */
  waitFor<D extends TaskTypeLike>(id: number, options?: WaitForOptions): Promise<TerminalTask<D>>;
  /** `waitFor` of tasks of one known type, in the order of `ids`. */
  waitFor<D extends TaskTypeLike>(
    ids: readonly number[],
    options?: WaitForOptions,
  ): Promise<TerminalTask<D>[]>;
  /** Calls `onChange` when one of the tasks changes status; returns a function that stops watching. */
  watch(ids: readonly number[], onChange: TaskChangeHandler, options?: WatchOptions): () => void;
}

/** Every procedure (`client.tasks.create.mutate(…)`, `client.tasks.get.query(…)`, …) plus the helpers. */
export type TasksClient = TRPCClient<AppRouter> & TasksClientHelpers;

/**
 * A typed client of the tasks API at `url` (e.g. `http://localhost:3000/api/trpc`). Calls are
 * batched (up to 20 per HTTP request), time out after `timeoutMs`, are retried when safe, and
 * reject with `TasksApiError` subclasses. Subscriptions use server-sent events.
 */
export function createTasksClient(url: string, options: TasksClientOptions = {}): TasksClient {
  const headers = () => headersOf(options);
  const eventSource = deferredEventSource(options.EventSource);
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const trpc = createTRPCClient<AppRouter>({
    links: [
      errorLink(),
      // With retries on, a create without a key gets one, so that retrying it is safe.
      ...(retry.attempts > 1 ? [generatedKeyLink<AppRouter>()] : []),
      retryLink(retry),
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({
          url,
          EventSource: eventSource.EventSource,
          eventSourceOptions: async () => {
            await eventSource.load();
            return {
              // Used by the `eventsource` package; a browser's EventSource cannot send headers.
              fetch: (input: string | URL, init: { headers?: Record<string, string> }) =>
                fetch(input, { ...init, headers: { ...init.headers, ...headers() } }),
            };
          },
        }),
        false: httpBatchLink({
          url,
          maxItems: 20,
          headers,
          fetch: fetchWithTimeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        }),
      }),
    ],
  });

  const changes: ChangeSource = {
    subscribe(onTick, onError) {
      const subscription = trpc.tasks.onChange.subscribe(undefined, { onData: onTick, onError });
      return () => subscription.unsubscribe();
    },
  };
  const source = {
    getTask: (id: number) => trpc.tasks.get.query({ id }),
    changes,
  };
  const trigger = (type: string, input: unknown, options: TriggerOptions = {}) =>
    trpc.tasks.create.mutate({ type, input, ...createOptionsOf(options) }, { signal: options.signal });
  const waitForOne = (id: number, waitOptions?: WaitForOptions) =>
    waitForTasks(source, [id], waitOptions).then((tasks) => tasks[0]!);
  const helpers: TasksClientHelpers = {
    // The server returns plain tasks; their types come from the definition the caller names.
    trigger: ((type: string, input: unknown, triggerOptions?: TriggerOptions) =>
      trigger(type, input, triggerOptions)) as TasksClientHelpers["trigger"],
    triggerAndWait: (async (type: string, input: unknown, waitOptions: TriggerAndWaitOptions = {}) =>
      waitForOne(
        (await trigger(type, input, waitOptions)).id,
        waitOptions,
      )) as TasksClientHelpers["triggerAndWait"],
    waitFor: ((ids: number | readonly number[], waitOptions?: WaitForOptions) =>
      typeof ids === "number"
        ? waitForOne(ids, waitOptions)
        : waitForTasks(source, ids, waitOptions)) as TasksClientHelpers["waitFor"],
    watch: (ids, onChange, watchOptions) => watchTasks(source, ids, onChange, watchOptions),
  };
  return new Proxy(trpc, {
    get: (target, key) =>
      key in helpers ? helpers[key as keyof TasksClientHelpers] : Reflect.get(target, key),
  }) as TasksClient;
}

/** The create fields of trigger options (only those given: a create's body stays as small as before). */
function createOptionsOf({ idempotencyKey, runAt, delayMs, ttlMs, priority }: TriggerOptions) {
  return {
    ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    ...(runAt === undefined ? {} : { runAt: runAt instanceof Date ? runAt.toISOString() : runAt }),
    ...(delayMs === undefined ? {} : { delayMs }),
    ...(ttlMs === undefined ? {} : { ttlMs }),
    ...(priority === undefined ? {} : { priority }),
  };
}
