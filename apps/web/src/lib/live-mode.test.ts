import { describe, expect, it } from "vitest";
import {
  describeLiveState,
  FAST_POLL_MS,
  liveModeFromSearch,
  pollIntervalMs,
  SAFETY_POLL_MS,
  shortLiveState,
} from "./live-mode";

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

describe("live state labels", () => {
  it("has a short word for the header and a sentence for its tooltip", () => {
    expect(shortLiveState("live")).toBe("Live");
    expect(describeLiveState("live")).toBe("Live (server events)");
    expect(shortLiveState("polling")).toBe("Polling");
    expect(describeLiveState("polling")).toBe("Live (polling every second)");
    expect(shortLiveState("connecting")).toBe(describeLiveState("connecting"));
  });
});
