export { canCancel, canRetry, isTerminal, TASK_STATUSES, TERMINAL_STATUSES } from "@tps/core/rules";
export { createTasksClient, type TasksClient, type TasksClientHelpers } from "./create-client";
export {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  TasksApiError,
  type TasksApiErrorCode,
  type TasksApiErrorOptions,
  TimeoutError,
  UnauthorizedError,
  UnavailableError,
  ValidationError,
  WaitTimeoutError,
} from "./errors";
export type { EventSourceConstructor, EventSourceInitLike } from "./event-source";
export type { TasksClientOptions } from "./options";
export { hasIdempotencyKey, isSafeToRetry, isTransient, type RetryOptions } from "./retry-policy";
export type * from "./router";
export { toTasksApiError } from "./to-error";
export type { WaitForOptions } from "./wait-for";
export type { TaskChangeHandler, WatchOptions } from "./watch";
