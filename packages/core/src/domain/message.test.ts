import { describe, expect, it } from "vitest";
import { decodeTaskMessage, encodeTaskMessage } from "./message";

describe("task message", () => {
  it("round-trips a task id", () => {
    expect(decodeTaskMessage(encodeTaskMessage(42))).toBe(42);
  });

  it("accepts the largest id the tasks table can hold", () => {
    expect(decodeTaskMessage(encodeTaskMessage(2_147_483_647))).toBe(2_147_483_647);
  });

  it.each([
    ["not json", "hello"],
    ["empty", ""],
    ["wrong field", JSON.stringify({ id: 1 })],
    ["string id", JSON.stringify({ task_id: "1" })],
    ["negative id", JSON.stringify({ task_id: -3 })],
    ["fractional id", JSON.stringify({ task_id: 1.5 })],
    ["array", "[1]"],
    ["id beyond int4 (the column type)", JSON.stringify({ task_id: 2_147_483_648 })],
    ["zero id", JSON.stringify({ task_id: 0 })],
    ["oversized body", JSON.stringify({ task_id: 1, padding: "x".repeat(8_192) })],
  ])("rejects a malformed body (%s)", (_, body) => {
    expect(decodeTaskMessage(Buffer.from(body))).toBeNull();
  });
});
