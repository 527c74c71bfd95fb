import { describe, expect, it } from "vitest";
import {
  afterFailure,
  afterLeaseLoss,
  backoffDelayMs,
  canApply,
  canCancel,
  canRetry,
  isTerminal,
  isWaitingToRetry,
  leaseLostError,
  nextStatus,
  TASK_STATUSES,
  TASK_TRANSITIONS,
  type TaskTransition,
} from "./task-state";

describe("task state machine", () => {
  const allowed: Record<TaskTransition, string[]> = {
    claim: ["PENDING"],
    takeover: ["PROCESSING"],
    complete: ["PROCESSING"],
    backoff: ["PROCESSING"],
    fail: ["PROCESSING"],
    release: ["PROCESSING"],
    cancel: ["PENDING", "PROCESSING"],
    retry: ["FAILED"],
    retryNow: ["PENDING"],
    expire: ["PENDING"],
  };

  for (const [transition, from] of Object.entries(allowed) as [TaskTransition, string[]][]) {
    it(`allows ${transition} only from ${from.join(", ")}`, () => {
      for (const status of TASK_STATUSES) {
        expect(canApply(status, transition), `${transition} from ${status}`).toBe(from.includes(status));
      }
    });
  }

  it("never leaves CANCELED or COMPLETED", () => {
    for (const transition of TASK_TRANSITIONS) {
      expect(nextStatus("CANCELED", transition)).toBeNull();
      expect(nextStatus("COMPLETED", transition)).toBeNull();
    }
  });

  it("maps transitions to their target status", () => {
    expect(nextStatus("PENDING", "claim")).toBe("PROCESSING");
    expect(nextStatus("PROCESSING", "takeover")).toBe("PROCESSING");
    expect(nextStatus("PROCESSING", "complete")).toBe("COMPLETED");
    expect(nextStatus("PROCESSING", "cancel")).toBe("CANCELED");
    expect(nextStatus("PROCESSING", "backoff")).toBe("PENDING");
    expect(nextStatus("PROCESSING", "fail")).toBe("FAILED");
    expect(nextStatus("FAILED", "retry")).toBe("PENDING");
    expect(nextStatus("PENDING", "retryNow")).toBe("PENDING");
    expect(nextStatus("FAILED", "retryNow")).toBeNull();
  });

  it("offers retry now only to a PENDING task whose next attempt is still ahead", () => {
    const now = Date.parse("2026-11-29T12:00:00Z");
    const at = (s: number) => new Date(now + s * 1000).toISOString();
    expect(isWaitingToRetry({ status: "PENDING", nextAttemptAt: at(5) }, now)).toBe(true);
    expect(isWaitingToRetry({ status: "PENDING", nextAttemptAt: at(0) }, now)).toBe(false);
    expect(isWaitingToRetry({ status: "PENDING", nextAttemptAt: null }, now)).toBe(false);
    expect(isWaitingToRetry({ status: "PROCESSING", nextAttemptAt: at(5) }, now)).toBe(false);
  });

  it("derives the terminal statuses and the console's actions from the table", () => {
    expect(TASK_STATUSES.filter(isTerminal)).toEqual(["COMPLETED", "CANCELED", "FAILED"]);
    expect(TASK_STATUSES.filter(canCancel)).toEqual(["PENDING", "PROCESSING"]);
    expect(TASK_STATUSES.filter(canRetry)).toEqual(["FAILED"]);
  });

  it("backs off while attempts remain, then fails", () => {
    expect(afterFailure(1, 3)).toBe("backoff");
    expect(afterFailure(2, 3)).toBe("backoff");
    expect(afterFailure(3, 3)).toBe("fail");
    expect(afterFailure(1, 1)).toBe("fail");
  });

  it("backs off exponentially up to a cap", () => {
    expect(backoffDelayMs(1, 1000)).toBe(1000);
    expect(backoffDelayMs(2, 1000)).toBe(2000);
    expect(backoffDelayMs(3, 1000)).toBe(4000);
    expect(backoffDelayMs(20, 1000, 60_000)).toBe(60_000);
  });

  it("releases a lost lease (whatever the attempts) until the MAX_LEASE_LOSSES-th loss, which fails", () => {
    // Losses so far, before this one: with 3 allowed, the first two run again, the third fails.
    expect([0, 1, 2, 3].map((lossesSoFar) => afterLeaseLoss(lossesSoFar, 3))).toEqual([
      "release",
      "release",
      "fail",
      "fail",
    ]);
    expect(afterLeaseLoss(0, 1)).toBe("fail");
    expect(leaseLostError(3)).toMatch(/^lease lost 3 times: /);
  });
});
