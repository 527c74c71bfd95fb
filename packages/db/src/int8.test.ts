import { describe, expect, it } from "vitest";
import { safeInt8Types, safeNumber } from "./int8";

describe("int8 as a JS number", () => {
  it("reads ids past int4 exactly, from text or bigint", () => {
    expect(safeNumber("3000000000")).toBe(3_000_000_000);
    expect(safeNumber(3_000_000_000n)).toBe(3_000_000_000);
    expect(safeNumber(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("refuses a value past Number.MAX_SAFE_INTEGER rather than rounding it to another id", () => {
    expect(() => safeNumber("9007199254740993")).toThrow(RangeError);
    expect(() => safeNumber(2n ** 63n - 1n)).toThrow(RangeError);
  });

  it("is node-postgres's parser for int8 and int8[], and leaves other types alone", () => {
    const parse = (oid: number) => safeInt8Types.getTypeParser(oid, "text") as (text: string) => unknown;
    expect(parse(20)("3000000000")).toBe(3_000_000_000);
    expect(parse(1016)("{1,3000000000,NULL}")).toEqual([1, 3_000_000_000, null]);
    expect(parse(23)("42")).toBe(42);
    expect(parse(1700)("1.5")).toBe("1.5"); // numeric stays text
  });
});
