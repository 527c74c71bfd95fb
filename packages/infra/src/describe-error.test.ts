import { describe, expect, it } from "vitest";
import { describeError } from "./describe-error";

describe("describeError", () => {
  it("takes the first non-empty line, else the code, else says unreachable", () => {
    expect(describeError(new Error("\n\n  Can't reach database server\nmore"))).toBe(
      "Can't reach database server",
    );
    expect(describeError(Object.assign(new Error(""), { code: "ECONNREFUSED" }))).toBe("ECONNREFUSED");
    expect(describeError(undefined)).toBe("unreachable");
  });
});
