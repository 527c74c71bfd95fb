import type { InputIssue } from "@tps/core";
import { MAX_BATCH_COUNT } from "./batch-payloads";
import { checkInputText } from "./check-input";
import { MAX_ISSUES } from "./schema-issues";

export type BatchInputs = { ok: true; inputs: unknown[] } | { ok: false; issues: InputIssue[] };

/**
 * The inputs of a typed batch from one JSON template: every `{n}` becomes 1…N before the text is
 * parsed, so it may stand for a number (`{"to": {n}}`) or sit inside a string (`"job-{n}"`). Each
 * input is checked against the type's schema; issues name the task as the API does (`items.3.input/to`),
 * or just `input` when all tasks get the same input (no `{n}`).
 */
export function batchInputs(template: string, count: number, schema: unknown): BatchInputs {
  if (!Number.isInteger(count) || count < 1 || count > MAX_BATCH_COUNT) {
    return {
      ok: false,
      issues: [{ path: "count", message: `must be a whole number from 1 to ${MAX_BATCH_COUNT}` }],
    };
  }
  if (!template.includes("{n}")) {
    const checked = checkInputText(template, schema);
    return checked.ok ? { ok: true, inputs: Array.from({ length: count }, () => checked.value) } : checked;
  }
  const inputs: unknown[] = [];
  const issues: InputIssue[] = [];
  for (let i = 0; i < count && issues.length < MAX_ISSUES; i++) {
    const checked = checkInputText(template.replaceAll("{n}", String(i + 1)), schema, `items.${i}.input`);
    if (checked.ok) inputs.push(checked.value);
    else issues.push(...checked.issues.slice(0, MAX_ISSUES - issues.length));
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, inputs };
}
