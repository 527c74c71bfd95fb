import { describe, expect, it } from "vitest";
import { z } from "zod";
import { exampleInput } from "./example-input";
import { prettyJson } from "./pretty-json";

describe("exampleInput", () => {
  it("fills the required properties with placeholders of their type", () => {
    const schema = z.toJSONSchema(
      z.object({
        to: z.number().int().min(1),
        stepMs: z.number().optional(),
        mode: z.enum(["fast", "slow"]),
        size: z.number().default(3),
        target: z.object({ url: z.string(), tags: z.array(z.string()) }),
        note: z.string().nullable(),
      }),
    );
    expect(JSON.parse(exampleInput(schema))).toEqual({
      to: 1,
      mode: "fast",
      size: 3,
      target: { url: "", tags: [] },
      note: "",
    });
  });

  it("is an empty object when the schema says nothing useful", () => {
    expect(exampleInput(undefined)).toBe("{}");
    expect(exampleInput(true)).toBe("{}");
  });
});

describe("prettyJson", () => {
  it("indents by two spaces", () => {
    expect(prettyJson({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(prettyJson(null)).toBe("null");
    expect(prettyJson(undefined)).toBe("null");
  });
});
