import { TRPCClientError } from "@trpc/client";
import type { AppRouter, Task } from "./router";

/** What went wrong, coarse enough to branch on. */
export type TasksApiErrorCode =
  | "NOT_FOUND"
  | "CONFLICT"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "RATE_LIMITED"
  | "UNAVAILABLE"
  | "VALIDATION"
  | "TIMEOUT"
  | "INTERNAL"
  | "UNKNOWN";

export interface TasksApiErrorOptions {
  /** The error as tRPC reported it; its `data`, `shape` and `meta` are kept. */
  source?: TRPCClientError<AppRouter>;
  cause?: unknown;
  /** HTTP status, when there was a response. */
  httpStatus?: number;
}

/**
 * Base class of every error the client rejects with. It extends `TRPCClientError`, so `data`
 * (`data.code`, `data.httpStatus`, `data.zodError`) and code written against tRPC keep working.
 */
export class TasksApiError extends TRPCClientError<AppRouter> {
  readonly code: TasksApiErrorCode;
  /** HTTP status of the response, if there was one. */
  readonly httpStatus: number | undefined;

  constructor(code: TasksApiErrorCode, message: string, options: TasksApiErrorOptions = {}) {
    const { source } = options;
    const cause = options.cause ?? source?.cause ?? source;
    super(message, {
      cause: cause instanceof Error ? cause : undefined,
      result: source?.shape ? { error: source.shape } : undefined,
      meta: source?.meta,
    });
    // TRPCClientError resets the prototype to its own; restore the subclass's.
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = new.target.name;
    this.code = code;
    this.httpStatus = options.httpStatus ?? source?.data?.httpStatus;
  }
}

/** The task (or other resource) does not exist. Not retried. */
export class NotFoundError extends TasksApiError {
  constructor(message: string, options?: TasksApiErrorOptions) {
    super("NOT_FOUND", message, options);
  }
}

/** The task is not in a state that allows the action (e.g. cancelling a COMPLETED task). */
export class ConflictError extends TasksApiError {
  constructor(message: string, options?: TasksApiErrorOptions) {
    super("CONFLICT", message, options);
  }
}

/** No or an invalid API key. */
export class UnauthorizedError extends TasksApiError {
  constructor(message: string, options?: TasksApiErrorOptions) {
    super("UNAUTHORIZED", message, options);
  }
}

/** The key is valid but its role may not call this procedure. */
export class ForbiddenError extends TasksApiError {
  constructor(message: string, options?: TasksApiErrorOptions) {
    super("FORBIDDEN", message, options);
  }
}

/** Too many requests. `retryAfter` is the server's `Retry-After` in seconds, when it sent one. */
export class RateLimitedError extends TasksApiError {
  readonly retryAfter: number | undefined;

  constructor(message: string, retryAfter: number | undefined, options?: TasksApiErrorOptions) {
    super("RATE_LIMITED", message, options);
    this.retryAfter = retryAfter;
  }
}

/** The server or one of its dependencies is unavailable (502/503/504, or the network failed). */
export class UnavailableError extends TasksApiError {
  constructor(message: string, options?: TasksApiErrorOptions) {
    super("UNAVAILABLE", message, options);
  }
}

/** The input was rejected. `fieldErrors` names the offending fields when the server says which. */
export class ValidationError extends TasksApiError {
  readonly fieldErrors: Record<string, string[] | undefined>;

  constructor(message: string, options?: TasksApiErrorOptions) {
    super("VALIDATION", message, options);
    const zodError = options?.source?.data?.zodError;
    this.fieldErrors = (zodError?.fieldErrors as Record<string, string[] | undefined> | undefined) ?? {};
  }
}

/** A request got no answer within `timeoutMs`. */
export class TimeoutError extends TasksApiError {
  constructor(message: string, options?: TasksApiErrorOptions) {
    super("TIMEOUT", message, options);
  }
}

/** `waitFor` gave up: these tasks were not finished within its `timeoutMs`. */
export class WaitTimeoutError extends TimeoutError {
  readonly pendingIds: number[];

  constructor(pendingIds: number[], timeoutMs: number) {
    super(
      `${pendingIds.length} task(s) not finished within ${timeoutMs} ms: ${pendingIds.slice(0, 10).join(", ")}`,
    );
    this.pendingIds = pendingIds;
  }
}

/**
 * A finished task has no output because it did not complete (thrown by `outputOf`, never by a
 * call: the request succeeded, the task did not). `task` is the task as it ended.
 */
export class TaskNotCompletedError extends Error {
  readonly task: Task;
  readonly taskId: number;

  constructor(task: Task, message: string) {
    super(message);
    this.name = new.target.name;
    this.task = task;
    this.taskId = task.id;
  }
}

/** The task ended FAILED: its attempts ran out, or its work threw a non-retryable error. */
export class TaskFailedError extends TaskNotCompletedError {
  /** The error of its last attempt. */
  readonly lastError: string | null;

  constructor(task: Task) {
    super(
      task,
      `task ${task.id} (${task.type}) failed after ${task.attempts} attempt(s): ${task.lastError ?? "no error recorded"}`,
    );
    this.lastError = task.lastError;
  }
}

/** The task was canceled before it completed. */
export class TaskCanceledError extends TaskNotCompletedError {
  constructor(task: Task) {
    super(task, `task ${task.id} (${task.type}) was canceled`);
  }
}
