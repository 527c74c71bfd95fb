import { describe, expect, it } from "vitest";
import { decodeTaskMessage, encodeTaskMessage } from "./message";

describe("task message", () => {
  it("round-trips a task id", () => {
    expect(decodeTaskMessage(encodeTaskMessage(42))).toBe(42);
  });

  it.each([
    ["not json", "hello"],
    ["empty", ""],
    ["wrong field", JSON.stringify({ id: 1 })],
    ["string id", JSON.stringify({ task_id: "1" })],
    ["negative id", JSON.stringify({ task_id: -3 })],
    ["fractional id", JSON.stringify({ task_id: 1.5 })],
    ["array", "[1]"],
  ])("rejects a malformed body (%s)", (_, body) => {
    expect(decodeTaskMessage(Buffer.from(body))).toBeNull();
  });
});
