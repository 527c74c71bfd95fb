/** Errors a use case raises on purpose; the tRPC layer maps each code to a 4xx/5xx with its message. */
export type TaskErrorCode = "NOT_FOUND" | "CONFLICT" | "BAD_REQUEST" | "UNAVAILABLE";

/** A field-level problem with a request, by path (e.g. `items.3.input/a`), for forms and callers. */
export interface FieldIssue {
  path: string;
  message: string;
}

export class TaskError extends Error {
  constructor(
    readonly code: TaskErrorCode,
    message: string,
    /** BAD_REQUEST: the fields at fault, when known. */
    readonly issues?: readonly FieldIssue[],
  ) {
    super(message);
    this.name = "TaskError";
  }
}

/** A dependency (database, broker, cache) could not be reached; `dependency` names it for the caller. */
export class DependencyUnavailableError extends TaskError {
  constructor(
    readonly dependency: "database" | "broker" | "cache",
    cause?: unknown,
  ) {
    super("UNAVAILABLE", `${dependency} is unavailable, try again shortly`);
    this.name = "DependencyUnavailableError";
    this.cause = cause;
  }
}
