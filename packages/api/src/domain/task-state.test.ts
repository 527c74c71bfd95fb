import { describe, expect, it } from "vitest";
import {
  canApply,
  failureEvent,
  isTerminal,
  nextStatus,
  retryDelayMs,
  TASK_STATUSES,
  type TaskEvent,
  TRANSITIONS,
} from "./task-state";

describe("task state machine", () => {
  const allowed: Record<TaskEvent, string[]> = {
    claim: ["PENDING"],
    complete: ["PROCESSING"],
    retry: ["PROCESSING"],
    fail: ["PROCESSING"],
    release: ["PROCESSING"],
    cancel: ["PENDING", "PROCESSING"],
    requeue: ["FAILED"],
  };

  for (const [event, from] of Object.entries(allowed) as [TaskEvent, string[]][]) {
    it(`allows ${event} only from ${from.join(", ")}`, () => {
      for (const status of TASK_STATUSES) {
        expect(canApply(status, event), `${event} from ${status}`).toBe(from.includes(status));
      }
    });
  }

  it("never leaves CANCELED or COMPLETED", () => {
    for (const event of Object.keys(TRANSITIONS) as TaskEvent[]) {
      expect(nextStatus("CANCELED", event)).toBeNull();
      expect(nextStatus("COMPLETED", event)).toBeNull();
    }
  });

  it("maps events to their target status", () => {
    expect(nextStatus("PENDING", "claim")).toBe("PROCESSING");
    expect(nextStatus("PROCESSING", "complete")).toBe("COMPLETED");
    expect(nextStatus("PROCESSING", "cancel")).toBe("CANCELED");
    expect(nextStatus("PROCESSING", "retry")).toBe("PENDING");
    expect(nextStatus("PROCESSING", "fail")).toBe("FAILED");
    expect(nextStatus("FAILED", "requeue")).toBe("PENDING");
  });

  it("knows the terminal statuses", () => {
    expect(TASK_STATUSES.filter(isTerminal)).toEqual(["COMPLETED", "CANCELED", "FAILED"]);
  });

  it("retries while attempts remain, then fails", () => {
    expect(failureEvent(1, 3)).toBe("retry");
    expect(failureEvent(2, 3)).toBe("retry");
    expect(failureEvent(3, 3)).toBe("fail");
    expect(failureEvent(1, 1)).toBe("fail");
  });

  it("backs off exponentially up to a cap", () => {
    expect(retryDelayMs(1, 1000)).toBe(1000);
    expect(retryDelayMs(2, 1000)).toBe(2000);
    expect(retryDelayMs(3, 1000)).toBe(4000);
    expect(retryDelayMs(20, 1000, 60_000)).toBe(60_000);
  });
});
