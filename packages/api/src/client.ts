import { createTRPCClient, httpBatchLink, type TRPCClient } from "@trpc/client";
import type { AppRouter } from "./trpc/app-router";

export type {
  Activity,
  ActivityBucket,
  BulkByIdsResult,
  BulkMatchingResult,
  ConsumerInfo,
  DeadLetter,
  DeadLetterPage,
  Overview,
  PurgeResult,
  RedriveResult,
  Task,
  TaskCounts,
  TaskFilter,
  TaskPage,
  TaskSort,
  TimelineEntry,
  TimelineType,
} from "@tps/core";
export {
  ACTIVITY_RANGE_KEYS,
  ACTIVITY_RANGES,
  type ActivityRange,
  canCancel,
  canRetry,
  isTerminal,
  isWaitingToRetry,
  PAUSE_REASON_MAX,
  type ProcessingState,
  TASK_STATUSES,
  type TaskStatus,
} from "@tps/core/rules";
export { TRPCClientError } from "@trpc/client";
export type { ProcedurePath } from "./contract";
export { hasRole, ROLES, type Role } from "./roles";
export type { AppRouter } from "./trpc/app-router";
export type { ApiKeyView, UserView } from "./trpc/identity";

export type TasksClient = TRPCClient<AppRouter>;

export interface TasksClientOptions {
  /** An API key (from the console's API keys page, or ADMIN_API_KEY); sent as `Authorization: Bearer`. */
  apiKey?: string;
  headers?: Record<string, string>;
}

/**
 * A minimal typed client: `createTasksClient("http://localhost:3000/api/trpc")`. Only types come from
 * the server side, so importing it opens no connection and loads no server code.
 *
 * Services should use `@tps/client` instead (API key, timeouts, safe retries, typed errors, waitFor).
 * This one stays for the monorepo's tools until they switch; it cannot re-export `@tps/client`,
 * which depends on this package for the router's types (a workspace cycle).
 */
export function createTasksClient(url: string, options: TasksClientOptions = {}): TasksClient {
  const headers = {
    ...options.headers,
    ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
  };
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url, maxItems: 20, headers: () => headers })],
  });
}
