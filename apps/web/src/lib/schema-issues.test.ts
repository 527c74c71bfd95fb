import type { OutputUnit } from "@cfworker/json-schema";
import { describe, expect, it } from "vitest";
import { MAX_ISSUES, toInputIssues } from "./schema-issues";

const unit = (keyword: string, instanceLocation: string, keywordLocation: string, error: string) =>
  ({ keyword, instanceLocation, keywordLocation, error }) satisfies OutputUnit;

describe("toInputIssues", () => {
  it("names missing and unexpected properties as fields, like the API", () => {
    const issues = toInputIssues([
      unit("required", "#", "#/required", 'Instance does not have required property "to".'),
      unit(
        "additionalProperties",
        "#",
        "#/additionalProperties",
        'Property "extra" does not match additional properties schema.',
      ),
      unit("false", "#/extra", "#/extra", "False boolean schema."),
    ]);
    expect(issues).toEqual([
      { path: "input/to", message: "is required" },
      { path: "input/extra", message: "is not allowed" },
    ]);
  });

  it("skips wrappers and shows the error below them, with short messages", () => {
    const issues = toInputIssues(
      [
        unit("properties", "#", "#/properties", 'Property "tags" does not match schema.'),
        unit("items", "#/tags", "#/properties/tags/items", "Items did not match schema."),
        unit(
          "type",
          "#/tags/0",
          "#/properties/tags/items/type",
          'Instance type "number" is invalid. Expected "string", "null".',
        ),
        unit("minimum", "#/to", "#/properties/to/minimum", "0 is less than 1."),
      ],
      "items.3.input",
    );
    expect(issues).toEqual([
      { path: "items.3.input/tags/0", message: "must be string or null" },
      { path: "items.3.input/to", message: "0 is less than 1" },
    ]);
  });

  it("reports a failed anyOf once, without its branches' guesses", () => {
    const issues = toInputIssues([
      unit("anyOf", "#/mode", "#/properties/mode/anyOf", "Instance does not match any subschemas."),
      unit("enum", "#/mode", "#/properties/mode/anyOf/0/enum", 'Instance does not match any of ["a"].'),
      unit(
        "type",
        "#/mode",
        "#/properties/mode/anyOf/1/type",
        'Instance type "string" is invalid. Expected "null".',
      ),
    ]);
    expect(issues).toEqual([{ path: "input/mode", message: "does not match any of the allowed forms" }]);
  });

  it("decodes the validator's URI-encoded pointers", () => {
    const issues = toInputIssues([
      unit("type", "#/a%20b/c~1d/%23", "#/type", 'Instance type "string" is invalid. Expected "number".'),
    ]);
    expect(issues).toEqual([{ path: "input/a b/c~1d/#", message: "must be number" }]);
  });

  it("lists at most as many issues as the API does", () => {
    const many = Array.from({ length: 50 }, (_, i) =>
      unit("type", `#/${i}`, "#/items/type", 'Instance type "string" is invalid. Expected "number".'),
    );
    expect(toInputIssues(many)).toHaveLength(MAX_ISSUES);
  });
});
