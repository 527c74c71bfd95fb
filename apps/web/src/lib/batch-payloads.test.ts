import { describe, expect, it } from "vitest";
import { batchPayloads, MAX_BATCH_COUNT } from "./batch-payloads";

describe("batchPayloads", () => {
  it("numbers the payloads from 1 after the prefix", () => {
    expect(batchPayloads("job-", 3)).toEqual(["job-1", "job-2", "job-3"]);
  });

  it("accepts the API's maximum", () => {
    expect(batchPayloads("", MAX_BATCH_COUNT)).toHaveLength(MAX_BATCH_COUNT);
  });

  it.each([0, -1, 1.5, MAX_BATCH_COUNT + 1, Number.NaN])("rejects a count of %s", (count) => {
    expect(() => batchPayloads("x", count)).toThrow(RangeError);
  });
});
