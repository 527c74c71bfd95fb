import { describe, expect, it } from "vitest";
import { FAST_POLL_MS, liveModeFromSearch, pollIntervalMs, SAFETY_POLL_MS } from "./live-mode";

describe("live mode", () => {
  it("uses server events unless ?live=poll", () => {
    expect(liveModeFromSearch("")).toBe("sse");
    expect(liveModeFromSearch("?status=FAILED&live=poll")).toBe("poll");
    expect(liveModeFromSearch("?live=sse")).toBe("sse");
  });

  it("polls fast unless the subscription is live", () => {
    expect(pollIntervalMs("live")).toBe(SAFETY_POLL_MS);
    expect(pollIntervalMs("connecting")).toBe(FAST_POLL_MS);
    expect(pollIntervalMs("polling")).toBe(FAST_POLL_MS);
  });
});
