import { TRPCClientError } from "@trpc/client";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  TasksApiError,
  type TasksApiErrorOptions,
  TimeoutError,
  UnauthorizedError,
  UnavailableError,
  ValidationError,
} from "./errors";
import { HttpStatusError, parseRetryAfter } from "./http";
import type { AppRouter } from "./router";

const BY_TRPC_CODE: Record<
  string,
  (message: string, o: TasksApiErrorOptions, retryAfter?: number) => TasksApiError
> = {
  NOT_FOUND: (m, o) => new NotFoundError(m, o),
  CONFLICT: (m, o) => new ConflictError(m, o),
  UNAUTHORIZED: (m, o) => new UnauthorizedError(m, o),
  FORBIDDEN: (m, o) => new ForbiddenError(m, o),
  TOO_MANY_REQUESTS: (m, o, retryAfter) => new RateLimitedError(m, retryAfter, o),
  SERVICE_UNAVAILABLE: (m, o) => new UnavailableError(m, o),
  BAD_GATEWAY: (m, o) => new UnavailableError(m, o),
  GATEWAY_TIMEOUT: (m, o) => new UnavailableError(m, o),
  BAD_REQUEST: (m, o) => new ValidationError(m, o),
  PARSE_ERROR: (m, o) => new ValidationError(m, o),
  UNPROCESSABLE_CONTENT: (m, o) => new ValidationError(m, o),
  PAYLOAD_TOO_LARGE: (m, o) => new ValidationError(m, o),
  INTERNAL_SERVER_ERROR: (m, o) => new TasksApiError("INTERNAL", m, o),
};

const BY_STATUS: Record<number, string> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  409: "CONFLICT",
  413: "PAYLOAD_TOO_LARGE",
  429: "TOO_MANY_REQUESTS",
  500: "INTERNAL_SERVER_ERROR",
  502: "BAD_GATEWAY",
  503: "SERVICE_UNAVAILABLE",
  504: "GATEWAY_TIMEOUT",
};

/**
 * Turns whatever a call rejected with into a `TasksApiError` subclass, from the tRPC error code
 * (`data.code`), else the HTTP status, else the kind of failure (timeout, network).
 * Errors that already are `TasksApiError`s are returned as they are.
 */
export function toTasksApiError(error: unknown): TasksApiError {
  if (error instanceof TasksApiError) return error;
  const source = error instanceof TRPCClientError ? (error as TRPCClientError<AppRouter>) : undefined;
  const cause = source ? source.cause : error;
  const options: TasksApiErrorOptions = { source, cause };
  const message = source?.message ?? (error instanceof Error ? error.message : String(error));

  if (hasName(cause, "TimeoutError")) return new TimeoutError("request timed out", options);
  const status = source?.data?.httpStatus ?? (cause instanceof HttpStatusError ? cause.status : undefined);
  const code = source?.data?.code ?? (status !== undefined ? BY_STATUS[status] : undefined);
  const make = code ? BY_TRPC_CODE[code] : undefined;
  if (make) return make(message, { ...options, httpStatus: status }, retryAfterOf(source, cause));
  if (status !== undefined) return new TasksApiError("UNKNOWN", message, { ...options, httpStatus: status });
  if (hasName(cause, "AbortError")) return new TasksApiError("UNKNOWN", "request aborted", options);
  // No response at all: connection refused, reset, DNS.
  return new UnavailableError(`network error: ${describe(cause) ?? message}`, options);
}

function retryAfterOf(source: TRPCClientError<AppRouter> | undefined, cause: unknown): number | undefined {
  if (cause instanceof HttpStatusError) return cause.retryAfter;
  const response = source?.meta?.response as { headers?: { get(name: string): string | null } } | undefined;
  return parseRetryAfter(response?.headers?.get("retry-after"));
}

/** Whether `error` or one of its causes is named `name` (DOMExceptions included). */
function hasName(error: unknown, name: string): boolean {
  let e = error as { name?: unknown; cause?: unknown } | null | undefined;
  for (let depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    if (e.name === name) return true;
    e = e.cause as typeof e;
  }
  return false;
}

function describe(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const inner = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${inner}`;
}
