/** Raised by the client's fetch for an error response that is not tRPC JSON (a proxy's 502, a 429 page). */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly retryAfter: number | undefined,
  ) {
    super(`HTTP ${status}`);
    this.name = "HttpStatusError";
  }
}

/** `Retry-After` as seconds: either delta-seconds or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * A fetch that gives up after `timeoutMs` (the whole request, body included), keeps the caller's
 * abort signal, and turns an error response that is not JSON into an `HttpStatusError`.
 */
export function fetchWithTimeout(timeoutMs: number, baseFetch: Fetch = globalThis.fetch): Fetch {
  return async (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    const response = await baseFetch(input, { ...init, signal });
    const json = response.headers.get("content-type")?.includes("json");
    if (!response.ok && !json) {
      await response.body?.cancel().catch(() => {});
      throw new HttpStatusError(response.status, parseRetryAfter(response.headers.get("retry-after")));
    }
    return response;
  };
}
