import {
  createTRPCClient,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
  type TRPCClient,
} from "@trpc/client";
import { deferredEventSource } from "./event-source";
import { fetchWithTimeout } from "./http";
import { errorLink, retryLink } from "./links";
import { DEFAULT_TIMEOUT_MS, headersOf, type TasksClientOptions } from "./options";
import type { ChangeSource } from "./refresh-loop";
import { DEFAULT_RETRY } from "./retry-policy";
import type { AppRouter, Task } from "./router";
import { type WaitForOptions, waitForTasks } from "./wait-for";
import { type TaskChangeHandler, type WatchOptions, watchTasks } from "./watch";

/** Helpers on top of the procedures. */
export interface TasksClientHelpers {
  /** Resolves with the task once it is COMPLETED, CANCELED or FAILED. */
  waitFor(id: number, options?: WaitForOptions): Promise<Task>;
  /** Resolves with the tasks, in the order of `ids`, once every one is COMPLETED, CANCELED or FAILED. */
  waitFor(ids: readonly number[], options?: WaitForOptions): Promise<Task[]>;
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
  const trpc = createTRPCClient<AppRouter>({
    links: [
      errorLink(),
      retryLink({ ...DEFAULT_RETRY, ...options.retry }),
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
  const helpers: TasksClientHelpers = {
    waitFor: ((ids: number | readonly number[], waitOptions?: WaitForOptions) =>
      typeof ids === "number"
        ? waitForTasks(source, [ids], waitOptions).then((tasks) => tasks[0]!)
        : waitForTasks(source, ids, waitOptions)) as TasksClientHelpers["waitFor"],
    watch: (ids, onChange, watchOptions) => watchTasks(source, ids, onChange, watchOptions),
  };
  return new Proxy(trpc, {
    get: (target, key) =>
      key in helpers ? helpers[key as keyof TasksClientHelpers] : Reflect.get(target, key),
  }) as TasksClient;
}
