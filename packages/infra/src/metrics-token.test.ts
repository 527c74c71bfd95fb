import { describe, expect, it } from "vitest";
import { metricsAllowed } from "./metrics-token";

describe("metricsAllowed", () => {
  it("is open without a token, and needs the exact bearer token with one", () => {
    expect(metricsAllowed(undefined, null)).toBe(true);
    expect(metricsAllowed("s3cret-token-123456", null)).toBe(false);
    expect(metricsAllowed("s3cret-token-123456", "Bearer wrong")).toBe(false);
    expect(metricsAllowed("s3cret-token-123456", "Basic s3cret-token-123456")).toBe(false);
    expect(metricsAllowed("s3cret-token-123456", "Bearer s3cret-token-123456")).toBe(true);
  });
});
