import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestCaller } from "./api-test-helpers";

/** `audit.list` on real PostgreSQL: its filters, and input that must be a 400 (never a 500). */
describe("audit.list", () => {
  const { api, caller } = useTestCaller();
  let ids: number[];

  beforeAll(async () => {
    ids = (await caller.tasks.createMany({ payloads: ["a", "b", "c"] })).items.map((t) => t.id);
    await caller.tasks.cancel({ id: ids[0]! });
    await caller.tasks.cancelMany({ ids: [ids[1]!, ids[0]!] });
    await caller.tasks.retry({ id: ids[2]! }).catch(() => {}); // PENDING: a CONFLICT, audited too
  });

  // A call that went through is `ok`, or `accepted` where its row is stored before it runs.
  const DONE = /^(ok|accepted)$/;

  it("finds a task's entries: its own cancel and the bulk cancel that named it", async () => {
    const { items } = await caller.audit.list({ taskId: ids[0]! });
    expect(items.map((e) => [e.procedure, e.target])).toEqual([
      ["tasks.cancelMany", `ids=${ids[1]},${ids[0]}`],
      ["tasks.cancel", `id=${ids[0]}`],
    ]);
    for (const entry of items) expect(entry.outcome).toMatch(DONE);
    expect(items[0]).toMatchObject({ actor: api().context.principal!.name, via: "session" });
  });

  it("filters by procedure (exact or prefix) and outcome", async () => {
    const conflict = await caller.audit.list({ procedure: "tasks.", outcome: "CONFLICT" });
    expect(conflict.items.map((e) => [e.procedure, e.target])).toEqual([["tasks.retry", `id=${ids[2]}`]]);
    const cancels = await caller.audit.list({ procedure: "tasks.cancel" });
    expect(cancels.items.map((e) => e.target)).toEqual([`id=${ids[0]}`]);
    const tasks = await caller.audit.list({ procedure: "tasks." });
    expect(new Set(tasks.items.map((e) => e.procedure))).toEqual(
      new Set(["tasks.createMany", "tasks.cancel", "tasks.cancelMany", "tasks.retry"]),
    );
  });

  it("filters by actor and time, and pages with `before` without gaps or repeats", async () => {
    const actor = api().context.principal!.name.toUpperCase();
    const all = await caller.audit.list({ actor, limit: 200 });
    expect(all.items.length).toBeGreaterThanOrEqual(4);
    expect(all.nextCursor).toBeNull();
    const paged: string[] = [];
    let before: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof caller.audit.list>> = await caller.audit.list({
        actor,
        before,
        limit: 2,
      });
      paged.push(...page.items.map((e) => e.id));
      before = page.nextCursor;
    } while (before);
    expect(paged).toEqual(all.items.map((e) => e.id));
    const range = await caller.audit.list({ from: all.items.at(-1)!.at, to: all.items[0]!.at, limit: 200 });
    expect(range.items.map((e) => e.id)).toEqual(paged);
    expect((await caller.audit.list({ from: "2999-01-01T00:00:00+14:00" })).items).toEqual([]);
    expect((await caller.audit.list({ actor: "nobody-like-this" })).items).toEqual([]);
  });

  it("takes a time with any offset ISO allows, passing it on in UTC", async () => {
    const { items } = await caller.audit.list({ to: "2999-01-01T00:00:00+23:59" });
    expect(items.length).toBeGreaterThan(0);
  });

  it("takes the largest entry id as `before`", async () => {
    const { items } = await caller.audit.list({ before: "9223372036854775807" });
    expect(items.length).toBeGreaterThan(0);
  });

  it.each([
    ["an unknown key", { actorName: "x" }, "actorName"],
    ["an id past int8", { before: "9223372036854775808" }, "before"],
    ["a 20-digit id", { before: "99999999999999999999" }, "before"],
    ["year 0000", { from: "0000-01-01T00:00:00Z" }, "from"],
    ["a time that becomes year 0 in UTC", { to: "0001-01-01T00:00:00+01:00" }, "to"],
    ["an unparsable time", { from: "yesterday" }, "from"],
    ["a day that does not exist", { to: "2026-02-30T00:00:00Z" }, "to"],
    ["an inverted range", { from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z" }, "from"],
    ["a NUL in the actor", { actor: "a\u0000b" }, "actor"],
    ["an empty target", { target: "  " }, "target"],
    ["a wildcard in the procedure", { procedure: "tasks.%" }, "procedure"],
    ["a task id beyond the safe range", { taskId: 2 ** 53 }, "taskId"],
    ["a page too large", { limit: 201 }, "limit"],
  ])("refuses %s with a 400", async (_, input, field) => {
    await expect(caller.audit.list(input as never)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining(field),
    });
  });

  it("answers any mix of filters with entries or a 400, never a 500", async () => {
    const value = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.constantFrom("0000-01-01T00:00:00Z", "9999-12-31T23:59:59-23:59", "2024-01-01T00:00:00+15:59"),
      fc.constantFrom("%", "_", "\\", "'", "id=1", "tasks.", "ok", "a\u0000b", "99999999999999999999", null),
    );
    const keys = ["actor", "procedure", "target", "taskId", "outcome", "from", "to", "before", "limit"];
    const input = fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 4 });
    const answers = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(input, async (filters) => {
        const answer = await caller.audit.list(filters as never).then(
          () => "ok",
          (error: { code?: string }) => error.code ?? "?",
        );
        answers.set(answer, (answers.get(answer) ?? 0) + 1);
        expect(["ok", "BAD_REQUEST"], JSON.stringify(filters)).toContain(answer);
      }),
      { numRuns: 300 },
    );
    console.log(`audit.list fuzz: ${JSON.stringify(Object.fromEntries(answers))}`);
  });
});
