import { describe, expect, it } from "vitest";
import { z } from "zod";
import { batchInputs } from "./batch-inputs";

const schema = z.toJSONSchema(z.object({ to: z.number().int().max(2), label: z.string().optional() }));

describe("batchInputs", () => {
  it("numbers each input: {n} may be a number or part of a string", () => {
    expect(batchInputs('{"to": {n}, "label": "job-{n}"}', 2, schema)).toEqual({
      ok: true,
      inputs: [
        { to: 1, label: "job-1" },
        { to: 2, label: "job-2" },
      ],
    });
  });

  it("repeats a template without {n}", () => {
    expect(batchInputs('{"to": 1}', 3, schema)).toEqual({
      ok: true,
      inputs: [{ to: 1 }, { to: 1 }, { to: 1 }],
    });
  });

  it("names the tasks whose input fails, as the API does", () => {
    expect(batchInputs('{"to": {n}}', 4, schema)).toEqual({
      ok: false,
      issues: [
        { path: "items.2.input/to", message: "3 is greater than 2" },
        { path: "items.3.input/to", message: "4 is greater than 2" },
      ],
    });
    expect(batchInputs('{"to": "x"}', 2, schema)).toEqual({
      ok: false,
      issues: [{ path: "input/to", message: "must be integer" }],
    });
  });

  it("refuses a count the API would refuse", () => {
    expect(batchInputs("{}", 0, schema)).toMatchObject({ ok: false, issues: [{ path: "count" }] });
    expect(batchInputs("{}", 10_001, schema)).toMatchObject({ ok: false });
  });

  it("stops listing after the API's limit", () => {
    const result = batchInputs('{"to": "{n}"}', 500, schema);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues).toHaveLength(20);
  });
});
