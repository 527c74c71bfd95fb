import { ACTIVITY_RANGE_KEYS, ACTIVITY_RANGES } from "@tps/api/client";
import { describe, expect, it } from "vitest";
import {
  bucketLabel,
  describeBucket,
  describeWindow,
  formatRate,
  perMinute,
  throughputPoints,
  throughputTotals,
} from "./throughput";

const bucket = (at: string, completed: number, created = 0) => ({
  at,
  completed,
  canceled: 1,
  failed: 0,
  created,
});

describe("throughput", () => {
  const buckets = [bucket("2026-01-01T10:00:30Z", 5, 2), bucket("2026-01-01T10:00:00Z", 3, 4)];

  it("orders points oldest first with a label", () => {
    const points = throughputPoints(buckets, (d) => d.toISOString().slice(11, 19));
    expect(points.map((p) => [p.label, p.completed])).toEqual([
      ["10:00:00", 3],
      ["10:00:30", 5],
    ]);
  });

  it("sums the window and turns it into a rate", () => {
    expect(throughputTotals(buckets)).toEqual({ completed: 8, canceled: 2, failed: 0, created: 6 });
    expect(perMinute(30, 15)).toBe(2);
    expect(perMinute(5, 0)).toBe(0);
  });

  it("formats rates", () => {
    expect(formatRate(2)).toBe("2");
    expect(formatRate(0.26)).toBe("0.3");
    expect(formatRate(1234.4)).toBe("1,234");
  });

  it("names each dashboard range and its bucket in words", () => {
    const ranges = ACTIVITY_RANGE_KEYS.map((range) => ACTIVITY_RANGES[range]);
    expect(ranges.map((r) => describeWindow(r.windowMinutes))).toEqual([
      "15 minutes",
      "1 hour",
      "24 hours",
      "7 days",
    ]);
    expect(ranges.map((r) => describeBucket(r.bucketSeconds))).toEqual(["30 s", "2 min", "1 h", "6 h"]);
  });

  it("labels hour-long buckets with their weekday, shorter ones with the time of day", () => {
    const at = new Date(2026, 10, 29, 14, 0);
    expect(bucketLabel(30)(at)).toBe("14:00");
    expect(bucketLabel(3_600)(at)).toBe("Sun 14:00");
  });
});
