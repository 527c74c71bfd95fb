import { describe, expect, it } from "vitest";
import { dueBy, roleOf, splitIntoCalls, tickMs, totalTasks } from "./pacing";

describe("pacing", () => {
  it("ticks once per task at low rates and every 50 ms at high rates", () => {
    expect([1, 10, 20, 200, 0.5].map(tickMs)).toEqual([1_000, 100, 50, 50, 1_000]);
  });

  it("schedules rate × duration tasks, the first at once, none past the total", () => {
    expect(totalTasks(200, 60_000)).toBe(12_000);
    expect(totalTasks(20, 3_000)).toBe(60);
    expect(dueBy(0, 200, 12_000)).toBe(1);
    expect(dueBy(1_000, 200, 12_000)).toBe(201);
    expect(dueBy(59_999, 200, 12_000)).toBe(12_000);
    expect(dueBy(120_000, 200, 12_000)).toBe(12_000);
    expect(dueBy(-5, 200, 12_000)).toBe(0);
  });

  it("sends a tick's tasks at 200/s as ten per call on average", () => {
    const total = totalTasks(200, 1_000);
    let sent = 0;
    const sizes: number[] = [];
    for (let t = 0; t < 1_000; t += tickMs(200)) {
      const due = dueBy(t, 200, total) - sent;
      sizes.push(...splitIntoCalls(due, 0));
      sent += due;
    }
    expect(sent).toBe(191); // the rest falls due in the last 50 ms
    expect(Math.max(...sizes)).toBe(10);
  });

  it("splits into calls of at most `batch` payloads (0 = one call)", () => {
    expect(splitIntoCalls(0, 0)).toEqual([]);
    expect(splitIntoCalls(7, 0)).toEqual([7]);
    expect(splitIntoCalls(7, 3)).toEqual([3, 3, 1]);
    expect(splitIntoCalls(3, 1)).toEqual([1, 1, 1]);
  });

  it("spreads cancels and failures evenly at the requested shares", () => {
    const roles = Array.from({ length: 1_000 }, (_, i) => roleOf(i, 0.1, 0.05));
    const count = (role: string, from = 0, to = roles.length) =>
      roles.slice(from, to).filter((r) => r === role).length;
    expect(count("cancel")).toBeGreaterThanOrEqual(99);
    expect(count("cancel")).toBeLessThanOrEqual(101);
    expect(count("fail")).toBeGreaterThanOrEqual(49);
    expect(count("fail")).toBeLessThanOrEqual(51);
    // Any stretch of 100 tasks has close to the shares.
    for (let from = 0; from < 900; from += 100)
      expect(count("cancel", from, from + 100)).toBeGreaterThanOrEqual(8);
    expect(Array.from({ length: 50 }, (_, i) => roleOf(i, 0, 0)).every((r) => r === "normal")).toBe(true);
  });
});
