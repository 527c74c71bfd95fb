import { describe, expect, it } from "vitest";
import { rangeFromSearch } from "./activity-range";

describe("rangeFromSearch", () => {
  it("takes a known range and falls back to 15 minutes for anything else", () => {
    expect(rangeFromSearch("7d")).toBe("7d");
    expect(rangeFromSearch("1h")).toBe("1h");
    expect(rangeFromSearch("1y")).toBe("15m");
    expect(rangeFromSearch(undefined)).toBe("15m");
  });
});
