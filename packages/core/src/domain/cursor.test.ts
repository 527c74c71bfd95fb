import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./cursor";
import { idInSearch, matchesFilter } from "./task-filter";

describe("cursor", () => {
  it("round-trips a position", () => {
    const position = { id: 42, finishedAt: "2026-11-28T10:00:00.123Z" };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
    expect(decodeCursor(encodeCursor({ id: 7 }))).toEqual({ id: 7 });
  });

  it.each([
    "",
    "garbage",
    Buffer.from('{"id":"x"}').toString("base64url"),
    Buffer.from('{"id":1,"finishedAt":"nope"}').toString("base64url"),
  ])("rejects %j as BAD_REQUEST", (cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(expect.objectContaining({ code: "BAD_REQUEST" }));
  });
});

describe("task filter", () => {
  const task = { id: 12, payload: "Send Email", status: "PENDING", createdAt: "2026-11-28T10:00:00.000Z" };

  it("reads an id from `12` or `#12` only", () => {
    expect(idInSearch("12")).toBe(12);
    expect(idInSearch("#12")).toBe(12);
    expect(idInSearch("12a")).toBeNull();
    expect(idInSearch("0")).toBeNull();
    expect(idInSearch(undefined)).toBeNull();
  });

  it("reads ids past int4 up to the safe range, and no further", () => {
    expect(idInSearch("#3000000000")).toBe(3_000_000_000);
    expect(idInSearch(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    expect(idInSearch("9007199254740992")).toBeNull();
  });

  it("matches status, time range and search together", () => {
    expect(matchesFilter(task, {})).toBe(true);
    expect(matchesFilter(task, { status: "PENDING", search: "email" })).toBe(true);
    expect(matchesFilter(task, { search: "#12" })).toBe(true);
    expect(matchesFilter(task, { status: "FAILED" })).toBe(false);
    expect(matchesFilter(task, { createdFrom: "2026-11-28T10:00:01Z" })).toBe(false);
    expect(matchesFilter(task, { createdTo: "2026-11-28T09:59:59Z" })).toBe(false);
    expect(matchesFilter(task, { search: "sms" })).toBe(false);
  });

  it("matches ids only for searches under 3 characters", () => {
    const short = { ...task, id: 7, payload: "ab-7" };
    expect(matchesFilter(short, { search: "7" })).toBe(true);
    expect(matchesFilter(short, { search: "ab" })).toBe(false);
    expect(matchesFilter(short, { search: "ab-" })).toBe(true);
  });

  it("refuses cursors whose id is beyond the safe integer range", () => {
    const cursor = (id: number) => Buffer.from(JSON.stringify({ id })).toString("base64url");
    expect(() => decodeCursor(cursor(2 ** 53))).toThrow("cursor is not valid");
    expect(() => decodeCursor(cursor(-1))).toThrow("cursor is not valid");
    expect(decodeCursor(cursor(2 ** 31))).toEqual({ id: 2 ** 31 });
    expect(decodeCursor(cursor(Number.MAX_SAFE_INTEGER))).toEqual({ id: Number.MAX_SAFE_INTEGER });
  });
});
