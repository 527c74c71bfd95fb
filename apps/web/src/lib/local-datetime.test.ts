import { describe, expect, it } from "vitest";
import { isoToLocalInput, localInputToIso } from "./local-datetime";

describe("datetime-local conversion", () => {
  it("round-trips a local minute", () => {
    expect(isoToLocalInput(localInputToIso("2026-03-04T05:06"))).toBe("2026-03-04T05:06");
  });

  it("treats the input as local time", () => {
    expect(localInputToIso("2026-03-04T05:06")).toBe(new Date(2026, 2, 4, 5, 6).toISOString());
  });

  it("maps empty or invalid values to empty", () => {
    expect(localInputToIso("")).toBe("");
    expect(localInputToIso("not a date")).toBe("");
    expect(isoToLocalInput("")).toBe("");
    expect(isoToLocalInput("nope")).toBe("");
  });
});
