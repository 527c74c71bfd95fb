import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  TimeoutError,
  toTasksApiError,
  UnauthorizedError,
  UnavailableError,
  ValidationError,
  WaitTimeoutError,
} from "@tps/client";

/** One line saying what went wrong and what a service would do about it. */
export function describeError(error: unknown): string {
  const e = toTasksApiError(error);
  if (e instanceof NotFoundError) return `not found (${e.message}): drop the reference`;
  if (e instanceof ConflictError) return `conflict (${e.message}): the task moved on, re-read it`;
  if (e instanceof ValidationError) {
    const fields = Object.keys(e.fieldErrors).join(", ") || "input";
    return `invalid ${fields} (${e.message}): fix the request, do not retry`;
  }
  if (e instanceof UnauthorizedError) return "unauthorized: check TPS_API_KEY";
  if (e instanceof ForbiddenError) return "forbidden: this key's role may not do that";
  if (e instanceof RateLimitedError) return `rate limited: come back in ${e.retryAfter ?? "a few"} s`;
  if (e instanceof WaitTimeoutError) return `still running after the wait: ${e.pendingIds.join(", ")}`;
  if (e instanceof TimeoutError) return "request timed out (already retried where safe)";
  if (e instanceof UnavailableError) return `unavailable (${e.message}): retry later`;
  return `unexpected ${e.code}: ${e.message}`;
}
