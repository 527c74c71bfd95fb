import { describe, expect, it } from "vitest";
import { describeFilter } from "./describe-filter";
import { EMPTY_QUERY } from "./task-query";

describe("describeFilter", () => {
  it("names every part of the filter", () => {
    const query = {
      ...EMPTY_QUERY,
      search: "job-",
      type: "sleep",
      status: "FAILED" as const,
      from: "A",
      to: "B",
    };
    expect(describeFilter(query, (iso) => `t(${iso})`)).toBe(
      "search “job-”, type sleep, status FAILED, created after t(A), created before t(B)",
    );
  });

  it("warns when nothing narrows the action", () => {
    expect(describeFilter({ ...EMPTY_QUERY, sort: "finished" })).toBe("no filter (all tasks)");
  });
});
