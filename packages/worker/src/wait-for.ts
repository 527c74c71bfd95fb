import type { Log } from "@tps/core";
import pRetry from "p-retry";

/** Thrown when a dependency stayed unreachable through the start-up window. */
export class StartupError extends Error {}

/**
 * Retries `connect` until it succeeds or `timeoutMs` passes, logging one line per failed attempt.
 * Compose starts services in any order; locally, a service that is down yields one clear error.
 */
export async function waitFor<T>(
  name: string,
  where: string,
  timeoutMs: number,
  log: Log,
  connect: () => Promise<T>,
) {
  try {
    return await pRetry(connect, {
      retries: Number.POSITIVE_INFINITY,
      maxRetryTime: timeoutMs,
      minTimeout: 250,
      maxTimeout: 2_000,
      shouldRetry: ({ error }) => !(error instanceof StartupError),
      onFailedAttempt: ({ error, attemptNumber }) => {
        if (!(error instanceof StartupError))
          log.warn({ attemptNumber }, `waiting for ${name} at ${where}: ${error.message}`);
      },
    });
  } catch (error) {
    if (error instanceof StartupError) throw error;
    throw new StartupError(`${name} unreachable at ${where}: ${(error as Error).message}`);
  }
}

/** The URL without its password, for log lines. */
export function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}
