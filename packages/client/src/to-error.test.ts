import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  TasksApiError,
  TimeoutError,
  UnauthorizedError,
  UnavailableError,
  ValidationError,
} from "./errors";
import { HttpStatusError } from "./http";
import { toTasksApiError } from "./to-error";

/** A TRPCClientError as the HTTP links build it from an error response. */
function trpcError(code: string, httpStatus: number, message = "boom", headers: Record<string, string> = {}) {
  const error = { message, code: -32000, data: { code, httpStatus, path: "tasks.get", zodError: null } };
  return TRPCClientError.from({ error }, { meta: { response: new Response(null, { headers }) } });
}

describe("toTasksApiError", () => {
  it.each([
    ["NOT_FOUND", 404, NotFoundError, "NOT_FOUND"],
    ["CONFLICT", 409, ConflictError, "CONFLICT"],
    ["UNAUTHORIZED", 401, UnauthorizedError, "UNAUTHORIZED"],
    ["FORBIDDEN", 403, ForbiddenError, "FORBIDDEN"],
    ["TOO_MANY_REQUESTS", 429, RateLimitedError, "RATE_LIMITED"],
    ["SERVICE_UNAVAILABLE", 503, UnavailableError, "UNAVAILABLE"],
    ["GATEWAY_TIMEOUT", 504, UnavailableError, "UNAVAILABLE"],
    ["BAD_REQUEST", 400, ValidationError, "VALIDATION"],
    ["INTERNAL_SERVER_ERROR", 500, TasksApiError, "INTERNAL"],
  ])("maps %s to its class", (trpcCode, status, type, code) => {
    const mapped = toTasksApiError(trpcError(trpcCode, status, "task 7 not found"));
    expect(mapped).toBeInstanceOf(type);
    expect(mapped).toBeInstanceOf(TRPCClientError); // code written against tRPC keeps working
    expect(mapped).toMatchObject({ code, httpStatus: status, message: "task 7 not found" });
    expect(mapped.data?.code).toBe(trpcCode);
    expect(mapped.name).toBe(type.name);
  });

  it("reads Retry-After from the response", () => {
    const mapped = toTasksApiError(trpcError("TOO_MANY_REQUESTS", 429, "slow down", { "retry-after": "7" }));
    expect(mapped).toBeInstanceOf(RateLimitedError);
    expect((mapped as RateLimitedError).retryAfter).toBe(7);
  });

  it("keeps the field errors of a validation error", () => {
    const error = {
      message: "payload: too big",
      code: -32600,
      data: {
        code: "BAD_REQUEST",
        httpStatus: 400,
        zodError: { formErrors: [], fieldErrors: { payload: ["too big"] } },
      },
    };
    const mapped = toTasksApiError(TRPCClientError.from({ error }));
    expect(mapped).toBeInstanceOf(ValidationError);
    expect((mapped as ValidationError).fieldErrors).toEqual({ payload: ["too big"] });
  });

  it("maps error pages that are not tRPC JSON by their HTTP status", () => {
    const proxy502 = toTasksApiError(TRPCClientError.from(new HttpStatusError(502, undefined)));
    expect(proxy502).toBeInstanceOf(UnavailableError);
    const limited = toTasksApiError(TRPCClientError.from(new HttpStatusError(429, 3)));
    expect(limited).toMatchObject({ code: "RATE_LIMITED", retryAfter: 3, httpStatus: 429 });
  });

  it("maps timeouts and network failures", () => {
    const timeout = new DOMException("The operation was aborted due to timeout", "TimeoutError");
    expect(toTasksApiError(TRPCClientError.from(timeout))).toBeInstanceOf(TimeoutError);
    const refused = new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:1") });
    const network = toTasksApiError(TRPCClientError.from(refused));
    expect(network).toBeInstanceOf(UnavailableError);
    expect(network.message).toContain("ECONNREFUSED");
  });

  it("returns TasksApiErrors as they are, and wraps anything else", () => {
    const notFound = new NotFoundError("gone");
    expect(toTasksApiError(notFound)).toBe(notFound);
    expect(toTasksApiError("weird")).toBeInstanceOf(UnavailableError);
  });
});
