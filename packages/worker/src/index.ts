/**
 * @tps/worker: define task types and run them. `defineTask` declares a type (name, zod schemas,
 * retry, timeout, concurrency, `run`); `createWorker` claims, runs, renews and settles its tasks
 * with the platform's guarantees (fenced leases, cancel within milliseconds, graceful drain).
 */

export { createWorker, type Worker, type WorkerOptions } from "./create-worker";
export {
  type AnyTaskDefinition,
  defineTask,
  type RateLimit,
  type RetryPolicy,
  TASK_TYPE_PATTERN,
  type TaskContext,
  type TaskDefinition,
  type TaskLogger,
} from "./define-task";
export { type AbortCode, isNonRetryable, NonRetryableError, TaskAbortedError } from "./errors";
