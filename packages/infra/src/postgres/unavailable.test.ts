import { describe, expect, it } from "vitest";
import { isConnectionError } from "./unavailable";

/** A raw query's failure as Prisma 6 reports it: P2010, the driver's error only in `meta`. */
const rawQueryFailure = (cause: object) =>
  Object.assign(new Error("Invalid `prisma.$queryRaw()` invocation: Raw query failed."), {
    code: "P2010",
    meta: { driverAdapterError: { name: "DriverAdapterError", cause } },
  });

describe("isConnectionError", () => {
  it.each([
    ["client query timeout (pg query_timeout)", new Error("Query read timeout")],
    [
      "statement_timeout through Prisma",
      new Error("Raw query failed. Code: `57014`. Message: `canceling statement due to statement timeout`"),
    ],
    ["refused", Object.assign(new Error("connect"), { code: "ECONNREFUSED" })],
    ["no pooled connection free in time (pg-pool)", new Error("timeout exceeded when trying to connect")],
  ])("counts %s as the database being unavailable", (_, error) => {
    expect(isConnectionError(error)).toBe(true);
  });

  it("does not count a data error (one bad value) as unavailable", () => {
    expect(isConnectionError(new Error('value "2147483648" is out of range for type integer'))).toBe(false);
  });

  // Seen while PostgreSQL restarted: claims failed with these, were taken for poison messages
  // and dead-lettered, instead of being held until the database answered again.
  it("sees a server shutting down or a closed connection behind a raw query's P2010", () => {
    expect(
      isConnectionError(
        rawQueryFailure({ kind: "postgres", code: "57P03", message: "the database system is shutting down" }),
      ),
    ).toBe(true);
    expect(isConnectionError(rawQueryFailure({ kind: "ConnectionClosed" }))).toBe(true);
  });

  it("does not take a query's own error for an outage", () => {
    expect(
      isConnectionError(
        rawQueryFailure({ kind: "postgres", code: "22003", message: 'value "2147483648" is out of range' }),
      ),
    ).toBe(false);
    expect(isConnectionError(new Error("syntax error at or near"))).toBe(false);
  });
});
