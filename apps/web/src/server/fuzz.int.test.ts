import { ACCESS, type ProcedurePath, procedureKind } from "@tps/api";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { useSignedInAdmin } from "./testing/admin-web";
import { BASE, CRAFTED } from "./testing/procedure-inputs";

const kindOf = (path: string) => procedureKind(path)!;

/** Values that tend to break parsers and SQL: huge, negative and fractional numbers, odd strings. */
const value = fc.oneof(
  fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
  fc.constantFrom(0, -1, 2 ** 31 - 1, 2 ** 31, 2 ** 53, Number.MAX_VALUE, 1e308, -0, 0.5),
  fc.string({ maxLength: 40 }),
  fc.constantFrom("", "#", "#0", "%", "_", "\\", "'; DROP TABLE tasks; --", "\u0000", "2024-13-45T99:99:99Z"),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom("PENDING", "FAILED", "viewer", "admin", "created", "finished"),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer({ min: -5, max: 2 ** 32 }), { maxLength: 5 }),
);
const FIELDS = ["id", "ids", "payload", "payloads", "filter", "status", "search", "createdFrom", "createdTo"]
  .concat(["sort", "cursor", "limit", "chunk", "expectedCount", "email", "password", "role", "name"])
  .concat(["disabled", "expiresAt", "before", "reason", "keys", "all"]);
const structured = fc.dictionary(
  fc.constantFrom(...FIELDS),
  fc.oneof(value, fc.dictionary(fc.constantFrom(...FIELDS), value)),
  {
    maxKeys: 5,
  },
);
const filter = fc.dictionary(fc.constantFrom("status", "search", "createdFrom", "createdTo"), value, {
  maxKeys: 3,
});

const nearValid = (base: Record<string, unknown>) =>
  fc
    .tuple(fc.constantFrom(...Object.keys(base)), fc.oneof(value, filter), fc.boolean())
    .map(([key, v, drop]) => {
      const copy: Record<string, unknown> = { ...base, [key]: v };
      if (drop) delete copy[key];
      return copy;
    });
/**
 * The well-formed input with a NUL in each of its text fields, always tried first: PostgreSQL text
 * cannot hold U+0000, and `users.update { id: "\u0000" }` once answered 500.
 */
const NUL = "a\u0000b";
const withNul = (path: ProcedurePath): [unknown][] =>
  Object.entries({ ...BASE[path], filter: { search: NUL } }).flatMap(([key, v]) => {
    const base = BASE[path] ?? {};
    if (typeof v === "string") return [[{ ...base, [key]: NUL }]];
    if (Array.isArray(v) && typeof v[0] === "string") return [[{ ...base, [key]: [NUL] }]];
    if (key === "filter" && "filter" in base) return [[{ ...base, filter: v }]];
    return [];
  });
/** The crafted shapes that once answered 500, always tried too. */
const crafted = (path: ProcedurePath): [unknown][] =>
  CRAFTED.filter(([p]) => p === path).map(([, input]) => [input]);
const inputFor = (path: ProcedurePath) =>
  fc.oneof(
    ...(BASE[path] ? [nearValid(BASE[path]), nearValid(BASE[path]), fc.constant(BASE[path])] : []),
    structured,
    fc.anything({ maxDepth: 2 }),
    fc.constant(undefined),
  );

/**
 * Every procedure's input, fuzzed through the real HTTP handler as an admin: whatever arrives,
 * the answer is a 2xx or 4xx, never a 5xx (no input reaches the database unchecked).
 */
describe("fuzzing every procedure's input over HTTP", () => {
  const admin = useSignedInAdmin();
  beforeAll(async () => {
    await admin.web().api.context.repo.insertMany(["fuzz a", "fuzz b", "fail: fuzz"]);
  });

  for (const path of Object.keys(ACCESS) as ProcedurePath[]) {
    it(`${path} never answers 5xx`, async () => {
      const statuses = new Map<number, number>();
      let tried = 0;
      await fc.assert(
        fc.asyncProperty(inputFor(path), async (value) => {
          tried++;
          const response = await admin.call(path, kindOf(path), value);
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          const body = await (kindOf(path) === "subscription" ? response.body?.cancel() : response.text());
          expect(response.status, `${path} ${JSON.stringify(value)} → ${body}`).toBeLessThan(500);
        }),
        {
          numRuns: kindOf(path) === "subscription" ? 10 : 40,
          examples: [...withNul(path), ...crafted(path)],
        },
      );
      console.log(`${path}: ${tried} inputs, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    });
  }
});
