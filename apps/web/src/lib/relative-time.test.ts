import { describe, expect, it } from "vitest";
import { timeAgo } from "./relative-time";

const now = Date.parse("2026-01-01T10:00:00Z");
const ago = (ms: number) => new Date(now - ms).toISOString();

describe("timeAgo", () => {
  it.each([
    [500, "just now"],
    [-3_000, "just now"],
    [12_000, "12 s ago"],
    [185_000, "3 min ago"],
    [7_300_000, "2 h ago"],
  ])("%s ms ago reads %s", (ms, text) => {
    expect(timeAgo(ago(ms), now)).toBe(text);
  });
});
