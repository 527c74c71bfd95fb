import { Validator } from "@cfworker/json-schema";
import type { InputIssue } from "@tps/core";
import { parseJsonInput } from "./parse-json-input";
import { toInputIssues } from "./schema-issues";

/**
 * The create form's check of an input against its type's input schema (JSON Schema 2020-12),
 * before anything is sent. The API checks again with its own validator (ajv); this one only spares
 * a round trip, so a schema it cannot read lets the input through for the API to judge.
 *
 * Why not ajv, as the API: ajv compiles schemas with `new Function`, which the console's
 * Content-Security-Policy (no 'unsafe-eval', next.config.ts) forbids in production.
 * @cfworker/json-schema interprets the schema instead.
 */
export function checkInput(schema: unknown, value: unknown, field = "input"): InputIssue[] {
  const validator = validatorOf(schema);
  if (!validator) return [];
  try {
    const result = validator.validate(value);
    return result.valid ? [] : toInputIssues(result.errors, field);
  } catch {
    return []; // e.g. a $ref to a schema it does not have: the API decides
  }
}

/** The JSON text as a value checked against `schema`: the value, or the issues to show instead. */
export function checkInputText(
  text: string,
  schema: unknown,
  field = "input",
): { ok: true; value: unknown } | { ok: false; issues: InputIssue[] } {
  const parsed = parseJsonInput(text, field);
  if (!parsed.ok) return parsed;
  const issues = checkInput(schema, parsed.value, field);
  return issues.length > 0 ? { ok: false, issues } : parsed;
}

// One validator per schema object: the type list's data keeps its objects until it is refetched.
const validators = new WeakMap<object, Validator | null>();

function validatorOf(schema: unknown): Validator | null {
  if (typeof schema !== "object" || schema === null) return null;
  let validator = validators.get(schema);
  if (validator === undefined) {
    try {
      // Every error (no short circuit): the form lists each field at fault at once.
      validator = new Validator(schema, "2020-12", false);
    } catch {
      validator = null;
    }
    validators.set(schema, validator);
  }
  return validator;
}
