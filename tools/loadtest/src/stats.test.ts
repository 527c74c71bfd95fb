import { describe, expect, it } from "vitest";
import { distribution, percentile, percentilePerSecond, perSecond, summarize } from "./stats";

describe("stats", () => {
  it("takes nearest-rank percentiles", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 0.5)).toBe(50);
    expect(percentile(values, 0.95)).toBe(95);
    expect(percentile(values, 0.99)).toBe(99);
    expect(percentile(values, 1)).toBe(100);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });

  it("summarizes unsorted values", () => {
    expect(summarize([3, 1, 2, 4])).toEqual({
      count: 4,
      min: 1,
      mean: 2.5,
      p50: 2,
      p90: 4,
      p95: 4,
      p99: 4,
      max: 4,
    });
    expect(summarize([]).count).toBe(0);
    expect(summarize([]).p50).toBeNaN();
  });

  it("buckets a distribution with an open last bucket", () => {
    expect(distribution([0.5, 1, 2.5, 3.2, 100], [1, 3])).toEqual([
      { from: 0, to: 1, count: 2 },
      { from: 1, to: 3, count: 1 },
      { from: 3, to: Number.POSITIVE_INFINITY, count: 2 },
    ]);
  });

  it("counts events per second since the start, padded to the run's length", () => {
    expect(perSecond([1_000, 1_500, 2_999, 4_000], 1_000)).toEqual([2, 1, 0, 1]);
    expect(perSecond([1_000], 1_000, 3)).toEqual([1, 0, 0]);
    expect(perSecond([500], 1_000)).toEqual([]);
  });

  it("takes a percentile per second, NaN for empty seconds", () => {
    const samples = [
      { atMs: 0, value: 1 },
      { atMs: 500, value: 3 },
      { atMs: 2_100, value: 5 },
    ];
    const p = percentilePerSecond(samples, 0, 0.5);
    expect(p[0]).toBe(1);
    expect(p[1]).toBeNaN();
    expect(p[2]).toBe(5);
  });
});
