import { ACCESS, type ProcedurePath, procedureKind } from "@tps/api";
import { describe, expect, it } from "vitest";
import { useSignedInAdmin } from "./testing/admin-web";
import { BASE, CRAFTED } from "./testing/procedure-inputs";

/**
 * Issue 20, finding 5: what a caller sends is either understood or refused. A key a procedure does
 * not know is a 400 naming it (`tasks.list({ status })` once listed every task, silently), at the
 * top level and inside a filter, on every procedure; and the inputs that once answered 500 are 400s.
 */
describe("inputs at the door", () => {
  const admin = useSignedInAdmin();

  const call = async (path: ProcedurePath, input: unknown) => {
    const kind = procedureKind(path)!;
    const response = await admin.call(path, kind, input);
    if (kind === "subscription") await response.body?.cancel();
    const text = kind === "subscription" ? "" : await response.text();
    return { status: response.status, text };
  };

  for (const path of Object.keys(ACCESS) as ProcedurePath[]) {
    if (procedureKind(path) === "subscription") continue; // errors travel inside the event stream
    it(`${path} refuses a key it does not know`, async () => {
      const refused = await call(path, { ...BASE[path], unexpectedKey: 1 });
      expect(refused.status, refused.text).toBe(400);
      expect(refused.text).toContain("unexpectedKey");
    });
  }

  it("refuses unknown keys inside a filter, and the top-level `status` of tasks.list", async () => {
    for (const [path, input] of [
      ["tasks.list", { status: "FAILED" }],
      ["tasks.list", { filter: { statuss: "FAILED" } }],
      ["tasks.stats", { filter: { state: "FAILED" } }],
      ["tasks.cancelMatching", { filter: { search: "x", typo: 1 }, expectedCount: 0 }],
    ] as const) {
      const refused = await call(path, input);
      expect(refused.status, `${path} ${JSON.stringify(input)}: ${refused.text}`).toBe(400);
    }
  });

  it("takes a valid offset PostgreSQL itself refuses (past ±15:59) as the instant it names", async () => {
    const answer = await call("tasks.stats", { filter: { createdFrom: "2026-01-01T00:00:00+23:59" } });
    expect(answer.status, answer.text).toBe(200);
  });

  it("answers 400, never 500, to the inputs that once broke through", async () => {
    for (const [path, input] of CRAFTED) {
      const answer = await call(path, input);
      expect(answer.status, `${path} ${JSON.stringify(input)}: ${answer.text}`).toBe(400);
    }
  });
});
