import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkInput, checkInputText } from "./check-input";

// What a worker registers: zod's JSON Schema (draft 2020-12), as the API stores it.
const schema = z.toJSONSchema(
  z.object({
    to: z.number().int().min(1).max(1000),
    stepMs: z.number().optional(),
    email: z.email().optional(),
  }),
);

describe("checkInput", () => {
  it("accepts a valid input", () => {
    expect(checkInput(schema, { to: 3, stepMs: 100 })).toEqual([]);
  });

  it("lists every field at fault", () => {
    expect(checkInput(schema, { to: "three", email: "nope", more: 1 })).toEqual([
      { path: "input/to", message: "must be integer" },
      { path: "input/email", message: "must be a valid email" },
      { path: "input/more", message: "is not allowed" },
    ]);
    expect(checkInput(schema, {})).toEqual([{ path: "input/to", message: "is required" }]);
    expect(checkInput(schema, [1], "items.0.input")).toEqual([
      { path: "items.0.input", message: "must be object" },
    ]);
  });

  it("leaves what it cannot judge to the API", () => {
    expect(checkInput(null, { any: 1 })).toEqual([]);
    expect(checkInput({ $ref: "https://example.com/elsewhere.json" }, 1)).toEqual([]);
  });
});

describe("checkInputText", () => {
  it("parses, then checks", () => {
    expect(checkInputText('{"to": 2}', schema)).toEqual({ ok: true, value: { to: 2 } });
    expect(checkInputText('{"to": 0}', schema)).toEqual({
      ok: false,
      issues: [{ path: "input/to", message: "0 is less than 1" }],
    });
    const broken = checkInputText("{", schema);
    expect(broken.ok).toBe(false);
  });
});
