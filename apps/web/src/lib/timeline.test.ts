import type { TimelineEntry } from "@tps/api/client";
import { describe, expect, it } from "vitest";
import { describeTimeline, stepDetail } from "./timeline";

const t0 = Date.parse("2026-01-01T10:00:00.000Z");
const entry = (
  type: TimelineEntry["type"],
  ms: number,
  extra: Partial<TimelineEntry> = {},
): TimelineEntry => ({
  type,
  at: new Date(t0 + ms).toISOString(),
  attempt: null,
  consumer: null,
  detail: null,
  actor: null,
  ...extra,
});

describe("describeTimeline", () => {
  it("names who cancelled or retried", () => {
    const steps = describeTimeline([
      entry("created", 0),
      entry("canceled", 10, { actor: "ann@example.com" }),
      entry("retried", 20, { actor: "key:deploy-bot" }),
      entry("canceled", 30),
    ]);
    expect(steps.map((s) => s.label)).toEqual([
      "Created",
      "Cancelled by ann@example.com",
      "Retried by key:deploy-bot (attempts reset)",
      "Cancelled",
    ]);
  });

  it("labels attempts and measures the gaps between steps", () => {
    const steps = describeTimeline([
      entry("created", 0),
      entry("published", 20),
      entry("started", 120, { attempt: 1, consumer: "c1" }),
      entry("backoff", 2_620, { attempt: 1, detail: "simulated failure: fail: x" }),
      entry("started", 3_620, { attempt: 2 }),
      entry("failed", 6_120, { attempt: 2, detail: "boom" }),
    ]);
    expect(steps.map((s) => s.label)).toEqual([
      "Created",
      "Published",
      "Attempt 1 started",
      "Attempt 1 failed, retry scheduled",
      "Attempt 2 started",
      "Attempt 2 failed, no attempts left",
    ]);
    expect(steps.map((s) => s.sincePreviousMs)).toEqual([null, 20, 100, 2_500, 1_000, 2_500]);
    expect(steps.at(-1)?.sinceStartMs).toBe(6_120);
    expect(steps.map((s) => s.tone)).toEqual([
      "neutral",
      "neutral",
      "progress",
      "warning",
      "progress",
      "error",
    ]);
  });

  it("handles seeded rows with only created and a final step, and an empty list", () => {
    const steps = describeTimeline([entry("created", 0), entry("canceled", 5_000, { attempt: 0 })]);
    expect(steps.map((s) => [s.label, s.sincePreviousMs])).toEqual([
      ["Created", null],
      ["Cancelled", 5_000],
    ]);
    expect(describeTimeline([])).toEqual([]);
  });

  it("says who published a task the broker missed", () => {
    expect(describeTimeline([entry("published", 0, { detail: "reconciler" })])[0]?.label).toBe(
      "Published (by the reconciler)",
    );
  });

  it("says a task expired without running, as a warning", () => {
    const [step] = describeTimeline([entry("expired", 0)]);
    expect(step).toMatchObject({ label: "Expired (not started within its time to live)", tone: "warning" });
  });
});

describe("stepDetail", () => {
  it("shows errors and lease outcomes, not routine markers", () => {
    expect(stepDetail({ type: "failed", detail: "boom" })).toBe("boom");
    expect(stepDetail({ type: "published", detail: "reconciler" })).toBeNull();
    expect(stepDetail({ type: "lease_expired", detail: "released" })).toBe("Put back in the queue");
    expect(stepDetail({ type: "completed", detail: null })).toBeNull();
  });
});
