import { createTRPCClient, httpBatchLink, type TRPCClient } from "@trpc/client";
import type { AppRouter } from "./trpc/app-router";

export { TRPCClientError } from "@trpc/client";
export type {
  Task,
  TaskCounts,
  TaskFilter,
  TaskPage,
  TaskSort,
  TimelineEntry,
  TimelineType,
} from "./domain/task";
export type { TaskStatus } from "./domain/task-state";
export { TASK_STATUSES } from "./domain/task-state";
export type { Activity, ActivityBucket, ConsumerInfo } from "./ports";
export type { AppRouter } from "./trpc/app-router";
export type { Overview } from "./use-cases/overview";

export type TasksClient = TRPCClient<AppRouter>;

/**
 * A typed client for other TypeScript services: `createTasksClient("http://localhost:3000/api/trpc")`.
 * Only types come from the server side, so importing it opens no connection and loads no server code.
 */
export function createTasksClient(
  url: string,
  options: { headers?: Record<string, string> } = {},
): TasksClient {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url, maxItems: 20, headers: () => options.headers ?? {} })],
  });
}
