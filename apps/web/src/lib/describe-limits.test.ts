import { describe, expect, it } from "vitest";
import { describeConcurrency, describeRate, describeWindow } from "./describe-limits";

describe("describing a type's limits", () => {
  it("describes a concurrency limit, global or per key", () => {
    expect(describeConcurrency({ concurrency: { limit: 5, keyed: false }, rate: null })).toBe(
      "at most 5 running",
    );
    expect(describeConcurrency({ concurrency: { limit: 1000, keyed: true }, rate: null })).toBe(
      "at most 1,000 running per key",
    );
  });

  it("describes a rate limit with its window in the largest whole unit", () => {
    expect(describeRate({ concurrency: null, rate: { max: 100, perMs: 60_000, keyed: true } })).toBe(
      "100 starts per 1 min per key",
    );
    expect(describeRate({ concurrency: null, rate: { max: 3, perMs: 1_000, keyed: false } })).toBe(
      "3 starts per 1 s",
    );
  });

  it("is null without the limit (or without limits at all)", () => {
    const none = { concurrency: null, rate: null };
    expect(describeConcurrency(none)).toBeNull();
    expect(describeRate(none)).toBeNull();
    expect(describeRate(undefined)).toBeNull();
  });

  it("names windows in whole units where it can", () => {
    expect(describeWindow(7_200_000)).toBe("2 h");
    expect(describeWindow(86_400_000)).toBe("1 d");
    expect(describeWindow(1_500)).toBe("1.5 s");
    expect(describeWindow(250)).toBe("250 ms");
    expect(describeWindow(90_000)).toBe("90 s");
  });
});
