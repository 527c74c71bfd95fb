import type { EventSourceConstructor } from "./event-source";
import type { RetryOptions } from "./retry-policy";

export interface TasksClientOptions {
  /** Sent as `Authorization: Bearer <apiKey>` on every request, subscriptions included. */
  apiKey?: string;
  /** Extra headers, or a function called for every request (e.g. to add a trace id). */
  headers?: Record<string, string> | (() => Record<string, string>);
  /** Per HTTP request (a batch of up to 20 calls), body included. Default 30 000 ms. */
  timeoutMs?: number;
  /**
   * Retries of calls that are safe to repeat (queries; mutations whose input has an
   * `idempotencyKey`) after network errors, timeouts, 502/503/504 and 429 (honouring Retry-After).
   * With retries on, a `tasks.create` (and `trigger`) without a key gets a generated one, the same
   * for every try of the call, so it is retried too.
   * Default `{ attempts: 3, baseMs: 200 }`; `{ attempts: 1, baseMs: 0 }` turns retries off.
   */
  retry?: RetryOptions;
  /**
   * EventSource class for subscriptions (`tasks.onChange`, used by `waitFor` and `watch`). Default:
   * the global one, else the `eventsource` package if installed. Without one, `waitFor` and `watch`
   * fall back to polling.
   */
  EventSource?: EventSourceConstructor;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/** The headers of every request: the caller's, then the API key. */
export function headersOf(options: TasksClientOptions): Record<string, string> {
  const given = typeof options.headers === "function" ? options.headers() : (options.headers ?? {});
  return options.apiKey ? { ...given, authorization: `Bearer ${options.apiKey}` } : { ...given };
}
