import { describe, expect, it } from "vitest";
import { NotFoundError, RateLimitedError, TimeoutError, UnavailableError, ValidationError } from "./errors";
import { hasIdempotencyKey, isSafeToRetry, retryDelayMs } from "./retry-policy";

const query = { type: "query" as const, input: { id: 1 } };
const plainCreate = { type: "mutation" as const, input: { payload: "x" } };
const keyedCreate = { type: "mutation" as const, input: { payload: "x", idempotencyKey: "k1" } };
const options = { attempts: 3, baseMs: 100, maxDelayMs: 5_000 };
const half = () => 0.5; // jitter factor 0.75

describe("which calls are safe to repeat", () => {
  it("queries always, subscriptions never", () => {
    expect(isSafeToRetry(query)).toBe(true);
    expect(isSafeToRetry({ type: "subscription", input: undefined })).toBe(false);
  });

  it("mutations only with an idempotency key, at the top or on every item of a list", () => {
    expect(isSafeToRetry(plainCreate)).toBe(false);
    expect(isSafeToRetry(keyedCreate)).toBe(true);
    expect(
      hasIdempotencyKey({ items: [{ payload: "a", idempotencyKey: "a" }, { idempotencyKey: "b" }] }),
    ).toBe(true);
    expect(hasIdempotencyKey({ items: [{ idempotencyKey: "a" }, { payload: "b" }] })).toBe(false);
    expect(hasIdempotencyKey({ items: [] })).toBe(false);
    expect(hasIdempotencyKey({ payloads: ["a", "b"] })).toBe(false);
    expect(hasIdempotencyKey({ idempotencyKey: "" })).toBe(false);
    expect(hasIdempotencyKey(undefined)).toBe(false);
    expect(hasIdempotencyKey("idempotencyKey")).toBe(false);
  });
});

describe("retry delays", () => {
  const unavailable = new UnavailableError("down");

  it("backs off exponentially with jitter on transient errors", () => {
    expect(retryDelayMs(query, unavailable, 1, options, half)).toBe(75);
    expect(retryDelayMs(query, unavailable, 2, options, half)).toBe(150);
    expect(retryDelayMs(query, new TimeoutError("slow"), 1, options, () => 1)).toBe(100);
    expect(retryDelayMs(query, unavailable, 1, options, () => 0)).toBe(50);
  });

  it("stops after the last attempt", () => {
    expect(retryDelayMs(query, unavailable, 3, options, half)).toBeNull();
    expect(retryDelayMs(query, unavailable, 1, { ...options, attempts: 1 }, half)).toBeNull();
  });

  it("never retries permanent errors or unsafe mutations", () => {
    expect(retryDelayMs(query, new NotFoundError("gone"), 1, options)).toBeNull();
    expect(retryDelayMs(query, new ValidationError("bad"), 1, options)).toBeNull();
    expect(retryDelayMs(plainCreate, unavailable, 1, options)).toBeNull();
    expect(retryDelayMs(keyedCreate, unavailable, 1, options, half)).toBe(75);
  });

  it("honours Retry-After, and gives up when it is longer than maxDelayMs", () => {
    expect(retryDelayMs(query, new RateLimitedError("slow down", 2), 1, options)).toBe(2_000);
    expect(retryDelayMs(query, new RateLimitedError("slow down", 60), 1, options)).toBeNull();
    expect(retryDelayMs(query, new RateLimitedError("slow down", undefined), 1, options, half)).toBe(75);
  });

  it("caps the backoff at maxDelayMs", () => {
    expect(retryDelayMs(query, unavailable, 9, { ...options, attempts: 10 }, () => 1)).toBe(5_000);
  });
});
