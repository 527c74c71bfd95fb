import { describe, expect, it } from "vitest";
import { chunks } from "./chunks";

describe("chunks", () => {
  it("splits into slices of at most size", () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 3)).toEqual([]);
  });

  it("rejects a bad size", () => {
    expect(() => chunks([1], 0)).toThrow(RangeError);
  });
});
