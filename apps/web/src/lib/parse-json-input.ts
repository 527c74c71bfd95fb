import type { InputIssue } from "@tps/core";

export type ParsedInput = { ok: true; value: unknown } | { ok: false; issues: InputIssue[] };

/**
 * The create form's JSON text as a value, or one issue on `input` saying why it is not JSON (the
 * parser's own words: they name the position). `path` names the field (`items.3.input` in a batch).
 */
export function parseJsonInput(text: string, path = "input"): ParsedInput {
  if (text.trim() === "") return { ok: false, issues: [{ path, message: "enter the input as JSON" }] };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, issues: [{ path, message: `is not valid JSON: ${reason}` }] };
  }
}
