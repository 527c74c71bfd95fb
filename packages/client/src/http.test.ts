import { describe, expect, it } from "vitest";
import { fetchWithTimeout, HttpStatusError, parseRetryAfter } from "./http";

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("5")).toBe(5);
    expect(parseRetryAfter(" 0 ")).toBe(0);
    const now = Date.parse("2026-11-29T12:00:00Z");
    expect(parseRetryAfter("Sun, 29 Nov 2026 12:00:30 GMT", now)).toBe(30);
    expect(parseRetryAfter("Sun, 29 Nov 2026 11:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe("fetchWithTimeout", () => {
  /** A fetch that never answers and rejects only when its signal aborts, with the abort's reason. */
  const hang = (_: unknown, init?: RequestInit) =>
    new Promise<Response>((_, reject) =>
      init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)),
    );

  it("aborts a request that takes longer than the timeout", async () => {
    const error = await fetchWithTimeout(50, hang)("http://x").catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "TimeoutError" });
  });

  it("keeps the caller's abort signal", async () => {
    const caller = new AbortController();
    const pending = fetchWithTimeout(10_000, hang)("http://x", { signal: caller.signal });
    caller.abort(new Error("caller gave up"));
    await expect(pending).rejects.toThrow("caller gave up");
  });

  it("turns an error page that is not JSON into HttpStatusError with Retry-After", async () => {
    const page = async () =>
      new Response("<h1>Bad gateway</h1>", { status: 429, headers: { "retry-after": "4" } });
    const error = await fetchWithTimeout(1_000, page)("http://x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect(error).toMatchObject({ status: 429, retryAfter: 4 });
  });

  it("passes JSON error responses through for tRPC to read", async () => {
    const json = async () =>
      new Response("{}", { status: 404, headers: { "content-type": "application/json" } });
    const response = await fetchWithTimeout(1_000, json)("http://x");
    expect(response.status).toBe(404);
  });
});
