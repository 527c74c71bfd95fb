import { describe, expect, it } from "vitest";
import { describeLimitWait, pendingWait } from "./pending-wait";

const NOW = Date.parse("2026-12-07T12:00:00.000Z");
const later = new Date(NOW + 5_000).toISOString();
const earlier = new Date(NOW - 5_000).toISOString();
const pending = { status: "PENDING", attempts: 0, nextAttemptAt: later, waitingOn: null };

describe("pendingWait", () => {
  it("says a task that has not run and is due later is scheduled", () => {
    expect(pendingWait(pending, NOW)).toEqual({ kind: "scheduled", at: later });
  });

  it("says a task with a failed attempt due later waits out its backoff", () => {
    expect(pendingWait({ ...pending, attempts: 1 }, NOW)).toEqual({ kind: "backoff", at: later });
  });

  it("names the limit a held task waits on, whatever its due time", () => {
    expect(pendingWait({ ...pending, waitingOn: "rate" }, NOW)).toEqual({ kind: "limit", limit: "rate" });
    expect(pendingWait({ ...pending, nextAttemptAt: earlier, waitingOn: "concurrency" }, NOW)).toEqual({
      kind: "limit",
      limit: "concurrency",
    });
    expect(describeLimitWait("rate")).toBe("waiting on rate limit");
  });

  it("is null for a due task, a task without a due time and any other status", () => {
    expect(pendingWait({ ...pending, nextAttemptAt: earlier }, NOW)).toBeNull();
    expect(pendingWait({ ...pending, nextAttemptAt: null }, NOW)).toBeNull();
    expect(pendingWait({ ...pending, status: "PROCESSING", waitingOn: "rate" }, NOW)).toBeNull();
  });

  it("accepts tasks from before limits existed (no waitingOn field)", () => {
    expect(pendingWait({ status: "PENDING", attempts: 0, nextAttemptAt: later }, NOW)).toMatchObject({
      kind: "scheduled",
    });
  });
});
