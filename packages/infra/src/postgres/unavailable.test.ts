import { describe, expect, it } from "vitest";
import { isConnectionError } from "./unavailable";

describe("isConnectionError", () => {
  it.each([
    ["client query timeout (pg query_timeout)", new Error("Query read timeout")],
    [
      "statement_timeout through Prisma",
      new Error("Raw query failed. Code: `57014`. Message: `canceling statement due to statement timeout`"),
    ],
    ["refused", Object.assign(new Error("connect"), { code: "ECONNREFUSED" })],
  ])("counts %s as the database being unavailable", (_, error) => {
    expect(isConnectionError(error)).toBe(true);
  });

  it("does not count a data error (one bad value) as unavailable", () => {
    expect(isConnectionError(new Error('value "2147483648" is out of range for type integer'))).toBe(false);
  });
});
