import { RateLimitedError, type TasksApiError, TimeoutError, UnavailableError } from "./errors";

export interface RetryOptions {
  /** Tries in all, the first included: 1 turns retries off. Default 3. */
  attempts: number;
  /** Backoff before the 2nd try; doubles each time, with jitter (50–100 %). Default 200 ms. */
  baseMs: number;
  /** Longest wait before a retry, `Retry-After` included; a longer `Retry-After` is not waited for. Default 30 s. */
  maxDelayMs?: number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = { attempts: 3, baseMs: 200, maxDelayMs: 30_000 };

/** The parts of a tRPC operation the policy looks at. */
export interface RetryableOp {
  type: "query" | "mutation" | "subscription";
  input: unknown;
}

/**
 * Whether repeating `op` cannot do anything twice: queries, and mutations whose input carries an
 * `idempotencyKey` (at the top level, or on every item of an array field such as `createMany`'s).
 * A `tasks.create` without one has been given a generated key by then (see generated-key.ts).
 */
export function isSafeToRetry(op: RetryableOp): boolean {
  if (op.type === "query") return true;
  if (op.type !== "mutation") return false;
  return hasIdempotencyKey(op.input);
}

export function hasIdempotencyKey(input: unknown): boolean {
  if (!isRecord(input)) return false;
  if (isKey(input.idempotencyKey)) return true;
  return Object.values(input).some(
    (value) =>
      Array.isArray(value) &&
      value.length > 0 &&
      value.every((item) => isRecord(item) && isKey(item.idempotencyKey)),
  );
}

/** Failures where the request may not have been handled, or was refused for now. */
export function isTransient(error: TasksApiError): boolean {
  return (
    error instanceof UnavailableError || error instanceof RateLimitedError || error instanceof TimeoutError
  );
}

/**
 * How long to wait before try number `attempt + 1` of `op` that failed with `error`, or null to give
 * up: unsafe operations, permanent errors, the last attempt, or a `Retry-After` beyond `maxDelayMs`.
 */
export function retryDelayMs(
  op: RetryableOp,
  error: TasksApiError,
  attempt: number,
  options: RetryOptions,
  random: () => number = Math.random,
): number | null {
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
  if (attempt >= options.attempts || !isSafeToRetry(op) || !isTransient(error)) return null;
  if (error instanceof RateLimitedError && error.retryAfter !== undefined) {
    const ms = error.retryAfter * 1000;
    return ms <= maxDelayMs ? ms : null;
  }
  const backoff = options.baseMs * 2 ** (attempt - 1);
  return Math.min(maxDelayMs, Math.round(backoff * (0.5 + random() / 2)));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isKey(value: unknown): boolean {
  return (typeof value === "string" && value.length > 0) || typeof value === "number";
}
