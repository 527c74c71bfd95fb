import { describe, expect, it } from "vitest";
import { decodeTaskMessage, encodeTaskMessage } from "./message";

describe("task message", () => {
  it("round-trips a task id", () => {
    expect(decodeTaskMessage(encodeTaskMessage(42))).toBe(42);
  });

  it("accepts ids past int4, up to the largest safe integer", () => {
    expect(decodeTaskMessage(encodeTaskMessage(2_147_483_648))).toBe(2_147_483_648);
    expect(decodeTaskMessage(encodeTaskMessage(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([
    ["not json", "hello"],
    ["empty", ""],
    ["wrong field", JSON.stringify({ id: 1 })],
    ["string id", JSON.stringify({ task_id: "1" })],
    ["negative id", JSON.stringify({ task_id: -3 })],
    ["fractional id", JSON.stringify({ task_id: 1.5 })],
    ["array", "[1]"],
    ["id beyond the safe integer range", JSON.stringify({ task_id: 2 ** 53 })],
    ["id that JSON rounds into the safe range's end", '{"task_id":9007199254740993}'],
    ["zero id", JSON.stringify({ task_id: 0 })],
    ["oversized body", JSON.stringify({ task_id: 1, padding: "x".repeat(8_192) })],
  ])("rejects a malformed body (%s)", (_, body) => {
    expect(decodeTaskMessage(Buffer.from(body))).toBeNull();
  });
});
