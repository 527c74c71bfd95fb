/**
 * Thrown by a task's `run` (or raised for it) to end the task FAILED at once, without the retries
 * its type's policy would give: for errors that a retry cannot fix (bad input, a refused request).
 */
export class NonRetryableError extends Error {
  /** Recognised across copies of this package (a service may bundle its own). */
  readonly retryable = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "NonRetryableError";
  }
}

/** True for a NonRetryableError from any copy of this package. */
export const isNonRetryable = (error: unknown): boolean =>
  error instanceof NonRetryableError ||
  (error instanceof Error &&
    error.name === "NonRetryableError" &&
    (error as { retryable?: unknown }).retryable === false);

/** Why an attempt's signal aborted: the task was cancelled, it ran past its timeout, the worker is shutting down, or its lease was lost. */
export type AbortCode = "canceled" | "timeout" | "shutdown" | "lease_lost";

const ABORT_MESSAGES: Record<AbortCode, string> = {
  canceled: "the task was canceled",
  timeout: "the attempt timed out",
  shutdown: "the worker is shutting down",
  lease_lost: "the worker lost the task's lease",
};

/** The reason on `ctx.signal` when it aborts; `code` says why. */
export class TaskAbortedError extends Error {
  constructor(
    readonly code: AbortCode,
    taskId: number,
  ) {
    super(`task ${taskId}: ${ABORT_MESSAGES[code]}`);
    this.name = "TaskAbortedError";
  }
}

/** Why `signal` aborted, when it was aborted with a TaskAbortedError (null otherwise). */
export const abortCodeOf = (signal: AbortSignal): AbortCode | null =>
  signal.aborted && signal.reason instanceof TaskAbortedError ? signal.reason.code : null;
