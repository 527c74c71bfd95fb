import { describe, expect, it } from "vitest";
import { parsePurgeArgs } from "./args";
import { formatDuration, parseDuration } from "./duration";

describe("purge arguments", () => {
  it("parse days, hours and minutes", () => {
    expect(parseDuration("7d")).toBe(7 * 86_400_000);
    expect(parseDuration("12h")).toBe(12 * 3_600_000);
    expect(parseDuration("30m")).toBe(30 * 60_000);
    expect(formatDuration(parseDuration("12h"))).toBe("12h");
  });

  it("refuse anything else with a clear message", () => {
    for (const bad of ["7", "d", "0d", "-1d", "1.5d", "7 days", "7s", ""]) {
      expect(() => parseDuration(bad), bad).toThrow(/--older-than must be/);
    }
  });

  it("default to every finished status, 5,000 rows a batch", () => {
    expect(parsePurgeArgs(["--older-than", "7d"])).toEqual({
      olderThanMs: 7 * 86_400_000,
      statuses: ["COMPLETED", "CANCELED", "FAILED"],
      batch: 5_000,
      pauseMs: 10,
      dryRun: false,
    });
    expect(parsePurgeArgs(["--older-than", "1h", "--status", "completed,FAILED", "--dry-run"])).toMatchObject(
      {
        statuses: ["COMPLETED", "FAILED"],
        dryRun: true,
      },
    );
    expect(() => parsePurgeArgs(["--older-than", "1h", "--nope"])).toThrow(/nope/);
  });
});
