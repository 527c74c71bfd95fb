export { canCancel, canRetry, isTerminal, TASK_STATUSES, TERMINAL_STATUSES } from "@tps/core/rules";
export {
  createTasksClient,
  type TasksClient,
  type TasksClientHelpers,
  type TriggerAndWaitOptions,
} from "./create-client";
export {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  TaskCanceledError,
  TaskFailedError,
  TaskNotCompletedError,
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
export {
  type OutputOfTask,
  outputOf,
  type TaskInput,
  type TaskOutput,
  type TaskTypeLike,
  type TaskTypeName,
  type TerminalTask,
  type TriggeredTask,
  type TriggerOptions,
  type TypedTask,
  type UntypedTask,
} from "./typed-tasks";
export type { WaitForOptions } from "./wait-for";
export type { TaskChangeHandler, WatchOptions } from "./watch";
