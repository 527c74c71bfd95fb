import { describe, expect, it } from "vitest";
import { formatDuration } from "./format-duration";

describe("formatDuration", () => {
  it("shows a dash when there is no duration", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(Number.NaN)).toBe("—");
  });

  it("shows seconds with one decimal under a minute", () => {
    expect(formatDuration(0)).toBe("0.0 s");
    expect(formatDuration(420)).toBe("0.4 s");
    expect(formatDuration(59_949)).toBe("59.9 s");
  });

  it("shows minutes and seconds under an hour", () => {
    expect(formatDuration(60_000)).toBe("1 m 00 s");
    expect(formatDuration(245_900)).toBe("4 m 05 s");
  });

  it("shows hours and minutes beyond an hour", () => {
    expect(formatDuration(2 * 3_600_000 + 7 * 60_000 + 59_000)).toBe("2 h 07 m");
  });

  it("treats negative durations (clock skew) as zero", () => {
    expect(formatDuration(-250)).toBe("0.0 s");
  });
});
