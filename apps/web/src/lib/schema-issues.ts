import type { OutputUnit } from "@cfworker/json-schema";
import type { InputIssue } from "@tps/core";

/** Most issues shown for one input, as the API lists at most 20 per refusal. */
export const MAX_ISSUES = 20;

/**
 * Keywords whose error only says "something below failed": the error below is the one to show.
 * (`anyOf`/`oneOf`/`not` are the opposite: their own message is the useful one, see below.)
 */
const WRAPPERS = new Set([
  "$ref",
  "$recursiveRef",
  "$dynamicRef",
  "properties",
  "patternProperties",
  "items",
  "prefixItems",
  "allOf",
  "if",
  "dependentSchemas",
  "dependencies",
]);
/** Their branches' errors are guesses at what was meant ("must be null" for a string): hidden. */
const ALTERNATIVES = new Set(["anyOf", "oneOf", "not"]);

/**
 * The validator's output (@cfworker/json-schema, every error) as field issues in the API's form:
 * `input/a/0` and a short message, wrappers and alternative branches left out, duplicates merged.
 * `field` prefixes the JSON pointer (`items.3.input` for the fourth task of a batch).
 */
export function toInputIssues(units: readonly OutputUnit[], field = "input"): InputIssue[] {
  const hiddenBranches = units.filter((u) => ALTERNATIVES.has(u.keyword)).map((u) => `${u.keywordLocation}/`);
  // zod gives formats (email, uuid…) a pattern as well: the format names the problem better.
  const formatted = new Set(units.filter((u) => u.keyword === "format").map((u) => u.instanceLocation));
  const issues: InputIssue[] = [];
  const seen = new Set<string>();
  for (const unit of units) {
    if (WRAPPERS.has(unit.keyword)) continue;
    if (unit.keyword === "pattern" && formatted.has(unit.instanceLocation)) continue;
    if (hiddenBranches.some((branch) => unit.keywordLocation.startsWith(branch))) continue;
    const issue = describe(unit, field);
    const key = `${issue.path}\n${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
    if (issues.length === MAX_ISSUES) break;
  }
  return issues;
}

function describe(unit: OutputUnit, field: string): InputIssue {
  const at = `${field}${pointerOf(unit.instanceLocation)}`;
  const quoted = /"(.*)"/s.exec(unit.error)?.[1];
  switch (unit.keyword) {
    case "required":
      return { path: `${at}/${quoted}`, message: "is required" };
    case "additionalProperties":
    case "unevaluatedProperties":
      return { path: `${at}/${quoted}`, message: "is not allowed" };
    case "false":
      return { path: at, message: "is not allowed" };
    case "type":
      return { path: at, message: `must be ${expectedTypes(unit.error)}` };
    case "anyOf":
      return { path: at, message: "does not match any of the allowed forms" };
    case "oneOf":
      return { path: at, message: "must match exactly one of the allowed forms" };
    case "pattern":
      return { path: at, message: "does not match the expected pattern" };
    case "format":
      return { path: at, message: `must be a valid ${quoted ?? "value"}` };
    default:
      return { path: at, message: unit.error.replace(/^Instance /, "").replace(/\.$/, "") };
  }
}

/** `Expected "string", "null".` → `string or null`. */
function expectedTypes(error: string): string {
  const list = /Expected (.*)\.$/s.exec(error)?.[1] ?? "";
  const names = [...list.matchAll(/"([a-z]+)"/g)].map((m) => m[1]);
  return names.length > 0 ? names.join(" or ") : "of another type";
}

/**
 * `#/a%20b/0` → `/a b/0`: the validator URI-encodes its JSON pointers, the API's (ajv) does not.
 * The root (`#`) is the empty pointer.
 */
function pointerOf(location: string): string {
  const pointer = location.startsWith("#") ? location.slice(1) : location;
  try {
    return decodeURI(pointer).replaceAll("%23", "#");
  } catch {
    return pointer;
  }
}
