import { describe, expect, it } from "vitest";
import { batchPayloads, MAX_BATCH_COUNT } from "./batch-payloads";

describe("batchPayloads", () => {
  it("replaces every {n} with 1…N", () => {
    expect(batchPayloads("job-{n}", 3)).toEqual(["job-1", "job-2", "job-3"]);
    expect(batchPayloads("{n}:{n}", 2)).toEqual(["1:1", "2:2"]);
  });

  it("appends the number to a template without {n}", () => {
    expect(batchPayloads("task-", 2)).toEqual(["task-1", "task-2"]);
  });

  it("accepts the API's maximum", () => {
    expect(batchPayloads("", MAX_BATCH_COUNT)).toHaveLength(MAX_BATCH_COUNT);
  });

  it.each([0, -1, 1.5, MAX_BATCH_COUNT + 1, Number.NaN])("rejects a count of %s", (count) => {
    expect(() => batchPayloads("x", count)).toThrow(RangeError);
  });
});
