import { describe, expect, it } from "vitest";
import { describeApiError } from "./describe-api-error";

describe("describeApiError", () => {
  it.each([
    "Failed to fetch",
    "NetworkError when attempting to fetch resource.",
    "Unexpected token '<', \"<!DOCTYPE \"... is not valid JSON",
    "",
  ])("calls %j an unreachable API", (message) => {
    expect(describeApiError(new Error(message))).toMatch(/not reachable/);
  });

  it("keeps the server's message for API errors", () => {
    expect(describeApiError(new Error("cannot cancel task 7: it is COMPLETED"))).toBe(
      "cannot cancel task 7: it is COMPLETED",
    );
  });

  it("accepts non-Error values", () => {
    expect(describeApiError("database is unavailable, try again shortly")).toBe(
      "database is unavailable, try again shortly",
    );
  });
});
