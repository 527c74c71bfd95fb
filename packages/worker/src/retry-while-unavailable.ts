import { DependencyUnavailableError } from "@tps/core";
import pRetry from "p-retry";

export interface RetryWhileUnavailableOptions {
  minTimeoutMs: number;
  maxTimeoutMs: number;
  /** Give up (reject with the last error) after retrying this long. Default: never. */
  maxRetryTimeMs?: number;
  /** Aborting it stops the retries. */
  signal: AbortSignal;
  /** After every failed attempt, whatever the error: count it, log the ones that will be retried. */
  onFailedAttempt(error: Error, attemptNumber: number): void;
}

/**
 * Calls `fn` until it succeeds, with backoff, as long as it fails because a dependency is
 * unavailable: the claim and the settle both hold their batch through an outage this way. Any other
 * error is the statement's own and rejects at once, for the caller to isolate.
 */
export function retryWhileUnavailable<T>(fn: () => Promise<T>, options: RetryWhileUnavailableOptions) {
  return pRetry(fn, {
    retries: Number.POSITIVE_INFINITY,
    maxRetryTime: options.maxRetryTimeMs,
    minTimeout: options.minTimeoutMs,
    maxTimeout: options.maxTimeoutMs,
    signal: options.signal,
    shouldRetry: ({ error }) => error instanceof DependencyUnavailableError,
    onFailedAttempt: ({ error, attemptNumber }) => options.onFailedAttempt(error, attemptNumber),
  });
}
