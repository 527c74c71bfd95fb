import { describe, expect, it } from "vitest";
import { parseDuration, parseOptions } from "./args";

const defaults = { cwd: "/repo", isTTY: false };

describe("parseDuration", () => {
  it("reads ms, s, m, h and bare seconds", () => {
    expect(parseDuration("500ms")).toBe(500);
    expect(parseDuration("60s")).toBe(60_000);
    expect(parseDuration("1.5s")).toBe(1_500);
    expect(parseDuration("2m")).toBe(120_000);
    expect(parseDuration("1h")).toBe(3_600_000);
    expect(parseDuration("3")).toBe(3_000);
  });

  it("rejects anything else", () => {
    expect(() => parseDuration("soon")).toThrow(/invalid duration "soon"/);
    expect(() => parseDuration("-1s")).toThrow();
  });
});

describe("parseOptions", () => {
  it("has defaults for a local `npm start`", () => {
    const options = parseOptions([], defaults);
    expect(options).toMatchObject({
      url: "http://localhost:3000/api/trpc",
      rate: 50,
      durationMs: 30_000,
      batch: 0,
      cancelRatio: 0,
      failRatio: 0,
      workMs: 3000,
      settleTimeoutMs: 120_000,
      outDir: "/repo/results",
      progress: false,
    });
  });

  it("reads the documented flags", () => {
    const options = parseOptions(
      [
        "--rate",
        "200",
        "--duration",
        "60s",
        "--url",
        "http://127.0.0.1:3300/api/trpc/",
        "--batch",
        "25",
        "--cancel-ratio",
        "0.1",
        "--fail-ratio",
        "0.05",
        "--work-ms",
        "200",
        "--out",
        "/tmp/r",
        "--no-progress",
      ],
      { cwd: "/repo", isTTY: true },
    );
    expect(options).toMatchObject({
      url: "http://127.0.0.1:3300/api/trpc",
      rate: 200,
      durationMs: 60_000,
      batch: 25,
      cancelRatio: 0.1,
      failRatio: 0.05,
      workMs: 200,
      outDir: "/tmp/r",
      progress: false,
    });
  });

  it("explains bad input", () => {
    expect(() => parseOptions(["--rate", "fast"], defaults)).toThrow(/--rate must be a number/);
    expect(() => parseOptions(["--cancel-ratio", "2"], defaults)).toThrow(/--cancel-ratio/);
    expect(() => parseOptions(["--cancel-ratio", "0.6", "--fail-ratio", "0.6"], defaults)).toThrow(/≤ 1/);
    expect(() => parseOptions(["--batch", "1.5"], defaults)).toThrow(/integer/);
    expect(() => parseOptions(["--url", "ftp://x"], defaults)).toThrow(/http/);
    expect(() => parseOptions(["--bogus"], defaults)).toThrow(/bogus/);
    expect(parseOptions(["--help"], defaults)).toBe("help");
  });
});
