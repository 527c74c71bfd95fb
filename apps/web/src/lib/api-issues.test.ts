import { describe, expect, it } from "vitest";
import { apiIssues } from "./api-issues";

describe("apiIssues", () => {
  it("reads the issues of a refused create", () => {
    const error = Object.assign(new Error("invalid input: input/to: is required"), {
      data: { code: "BAD_REQUEST", issues: [{ path: "input/to", message: "is required" }] },
    });
    expect(apiIssues(error)).toEqual([{ path: "input/to", message: "is required" }]);
  });

  it("is empty for other errors and malformed data", () => {
    expect(apiIssues(new Error("The API is not reachable"))).toEqual([]);
    expect(apiIssues(null)).toEqual([]);
    expect(apiIssues({ data: { issues: "input/to" } })).toEqual([]);
    expect(apiIssues({ data: { issues: [{ path: 1 }, { path: "a", message: "b" }] } })).toEqual([
      { path: "a", message: "b" },
    ]);
  });
});
