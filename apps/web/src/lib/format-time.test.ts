import { describe, expect, it } from "vitest";
import { formatDateTime, formatRelative, formatShortDateTime, truncate } from "./format-time";

const now = Date.parse("2026-01-01T10:00:00Z");
const at = (ms: number) => new Date(now + ms).toISOString();

describe("formatRelative", () => {
  it.each([
    [0, "now"],
    [-400, "now"],
    [-12_000, "12 sec. ago"],
    [-59_900, "59 sec. ago"],
    [-60_000, "1 min. ago"],
    [-185_000, "3 min. ago"],
    [-7_300_000, "2 hr. ago"],
    [-3 * 86_400_000, "3 days ago"],
    [2_000, "in 2 sec."],
    [90_000, "in 1 min."],
  ])("%s ms from now reads %s", (ms, text) => {
    expect(formatRelative(at(ms), now)).toBe(text);
  });
});

describe("formatDateTime", () => {
  it("shows the local date and time, ISO-like, with the zone", () => {
    const text = formatDateTime("2026-03-04T05:06:07.890Z");
    expect(text).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}( \S+)?$/);
    const local = new Date("2026-03-04T05:06:07.890Z");
    const pad = (n: number) => String(n).padStart(2, "0");
    expect(text.slice(0, 19)).toBe(
      `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())} ` +
        `${pad(local.getHours())}:${pad(local.getMinutes())}:${pad(local.getSeconds())}`,
    );
  });
});

describe("truncate", () => {
  it("keeps short text and shortens long text with an ellipsis", () => {
    expect(truncate("abc", 5)).toBe("abc");
    expect(truncate("abcdef", 4)).toBe("abc…");
  });
});

describe("formatShortDateTime", () => {
  it("shows only the time of day on the same local day, the full date and time otherwise", () => {
    const noon = new Date(2026, 2, 4, 12, 0, 0).getTime();
    const later = new Date(2026, 2, 4, 21, 52, 23).toISOString();
    expect(formatShortDateTime(later, noon)).toBe("21:52:23");
    const tomorrow = new Date(2026, 2, 5, 0, 0, 1).toISOString();
    expect(formatShortDateTime(tomorrow, noon)).toBe(formatDateTime(tomorrow));
  });
});
