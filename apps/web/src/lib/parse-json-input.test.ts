import { describe, expect, it } from "vitest";
import { parseJsonInput } from "./parse-json-input";

describe("parseJsonInput", () => {
  it("parses any JSON value", () => {
    expect(parseJsonInput(' { "to": 3 } ')).toEqual({ ok: true, value: { to: 3 } });
    expect(parseJsonInput("null")).toEqual({ ok: true, value: null });
    expect(parseJsonInput('"text"')).toEqual({ ok: true, value: "text" });
  });

  it("asks for input when the text is empty", () => {
    expect(parseJsonInput("  \n")).toEqual({
      ok: false,
      issues: [{ path: "input", message: "enter the input as JSON" }],
    });
  });

  it("names the field and keeps the parser's reason", () => {
    const parsed = parseJsonInput("{ to: 3 }", "items.2.input");
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues).toHaveLength(1);
    expect(parsed.issues[0]!.path).toBe("items.2.input");
    expect(parsed.issues[0]!.message).toMatch(/^is not valid JSON: .+/);
  });
});
