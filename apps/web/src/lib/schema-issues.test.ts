import type { OutputUnit } from "@cfworker/json-schema";
import { describe, expect, it } from "vitest";
import { MAX_ISSUES, toInputIssues } from "./schema-issues";

const unit = (keyword: string, instanceLocation: string, keywordLocation: string, error: string) =>
  ({ keyword, instanceLocation, keywordLocation, error }) satisfies OutputUnit;

/** An issue as the API reports it. */
const issue = (path: string, message: string) => ({ path, message });

interface Case {
  name: string;
  units: OutputUnit[];
  /** Where the input sits in the request; toInputIssues defaults to "input". */
  field?: string;
  expected: { path: string; message: string }[];
}

/** The validator's unit for a value of the wrong JSON type (`expected` as it lists them, quoted). */
const typeUnit = (instanceLocation: string, keywordLocation: string, actual: string, expected: string) =>
  unit(
    "type",
    instanceLocation,
    keywordLocation,
    `Instance type "${actual}" is invalid. Expected ${expected}.`,
  );

describe("toInputIssues", () => {
  // Each case: the validator's output units and the issues the API would report for them.
  it.each<Case>([
    {
      name: "names missing and unexpected properties as fields, like the API",
      units: [
        unit("required", "#", "#/required", 'Instance does not have required property "to".'),
        unit(
          "additionalProperties",
          "#",
          "#/additionalProperties",
          'Property "extra" does not match additional properties schema.',
        ),
        unit("false", "#/extra", "#/extra", "False boolean schema."),
      ],
      expected: [issue("input/to", "is required"), issue("input/extra", "is not allowed")],
    },
    {
      name: "skips wrappers and shows the error below them, with short messages",
      units: [
        unit("properties", "#", "#/properties", 'Property "tags" does not match schema.'),
        unit("items", "#/tags", "#/properties/tags/items", "Items did not match schema."),
        typeUnit("#/tags/0", "#/properties/tags/items/type", "number", '"string", "null"'),
        unit("minimum", "#/to", "#/properties/to/minimum", "0 is less than 1."),
      ],
      field: "items.3.input",
      expected: [
        issue("items.3.input/tags/0", "must be string or null"),
        issue("items.3.input/to", "0 is less than 1"),
      ],
    },
    {
      name: "reports a failed anyOf once, without its branches' guesses",
      units: [
        unit("anyOf", "#/mode", "#/properties/mode/anyOf", "Instance does not match any subschemas."),
        unit("enum", "#/mode", "#/properties/mode/anyOf/0/enum", 'Instance does not match any of ["a"].'),
        typeUnit("#/mode", "#/properties/mode/anyOf/1/type", "string", '"null"'),
      ],
      expected: [issue("input/mode", "does not match any of the allowed forms")],
    },
    {
      name: "decodes the validator's URI-encoded pointers",
      units: [typeUnit("#/a%20b/c~1d/%23", "#/type", "string", '"number"')],
      expected: [issue("input/a b/c~1d/#", "must be number")],
    },
  ])("$name", ({ units, field, expected }) => {
    expect(toInputIssues(units, field)).toEqual(expected);
  });

  it("lists at most as many issues as the API does", () => {
    const many = Array.from({ length: 50 }, (_, i) =>
      typeUnit(`#/${i}`, "#/items/type", "string", '"number"'),
    );
    expect(toInputIssues(many)).toHaveLength(MAX_ISSUES);
  });
});
