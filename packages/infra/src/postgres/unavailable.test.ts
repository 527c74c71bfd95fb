import { describe, expect, it } from "vitest";
import { isTransientDatabaseError as isConnectionError } from "./unavailable";

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

  /** What node-postgres throws for a server error: a DatabaseError with the SQLSTATE in `code`. */
  const serverError = (code: string, message: string) => Object.assign(new Error(message), { code });

  // Each of these once counted as poison: a claim batch failing with them was bisected, and its
  // healthy messages dead-lettered, while the database was only failing over, full or busy.
  it.each([
    ["25006", "cannot execute UPDATE in a read-only transaction"],
    ["53300", "sorry, too many clients already"],
    ["53200", "out of memory"],
    ["57P01", "terminating connection due to administrator command"],
    ["57P02", "terminating connection due to crash of another server process"],
    ["40001", "could not serialize access due to concurrent update"],
    ["40P01", "deadlock detected"],
    ["55P03", "canceling statement due to lock timeout"],
    ["08003", "connection does not exist"],
  ])("counts SQLSTATE %s (%s) as transient", (code, message) => {
    expect(isConnectionError(serverError(code, message))).toBe(true);
    expect(isConnectionError(rawQueryFailure({ kind: "postgres", code, message }))).toBe(true);
  });

  it.each([
    ["22021", 'invalid byte sequence for encoding "UTF8": 0x00'],
    ["22P05", "unsupported Unicode escape sequence"],
    ["23505", "duplicate key value violates unique constraint"],
    ["42601", "syntax error"],
  ])("counts SQLSTATE %s (%s) as deterministic", (code, message) => {
    expect(isConnectionError(serverError(code, message))).toBe(false);
  });
});
