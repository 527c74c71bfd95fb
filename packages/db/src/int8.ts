import pg from "pg";

const INT8 = 20;
const INT8_ARRAY = 1016;

/**
 * An int8 from PostgreSQL (node-postgres's text, Prisma's bigint) as a JS number. Task ids are bigint
 * columns but JS numbers in the code: exact up to Number.MAX_SAFE_INTEGER (2^53 - 1, some 95,000
 * years of ids at 3,000 tasks/s), so a larger value is refused rather than rounded to another id.
 */
export function safeNumber(value: bigint | number | string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 ${value} is past Number.MAX_SAFE_INTEGER`);
  return n;
}

const parseSafeInt8 = (text: string): number => safeNumber(text);

/**
 * node-postgres's parsers with int8 (and int8[]) read as safe numbers, not strings: for the pool's
 * own queries (sqlOf). Prisma's adapter passes its own parsers with each query, so it is unaffected.
 */
export const safeInt8Types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (oid === INT8 && format !== "binary") return parseSafeInt8;
    if (oid === INT8_ARRAY && format !== "binary") {
      const defaults = pg.types.getTypeParser as (oid: number, format: "text") => (text: string) => unknown;
      const strings = defaults(INT8_ARRAY, "text") as (text: string) => (string | null)[];
      return (text: string) => strings(text).map((t) => (t === null ? null : parseSafeInt8(t)));
    }
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig["getTypeParser"],
};
