import { typeRegistration } from "@tps/core/testing";
import { createTaskTypes } from "@tps/infra";
import { createTestApi } from "@tps/infra/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createCaller } from "./trpc/app-router";
import { as } from "./trpc/test-principal";

/** `schedules.*` on real PostgreSQL: roles, audit, validation (400s, never 500s) and what a schedule shows. */
describe("schedules router", () => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let operator: ReturnType<typeof createCaller>;
  let viewer: ReturnType<typeof createCaller>;
  let admin: ReturnType<typeof createCaller>;

  beforeAll(async () => {
    api = await createTestApi(inject("templateDatabaseUrl"));
    await createTaskTypes(api.db).register("test-worker", [
      typeRegistration("report.build", {
        inputSchema: {
          type: "object",
          properties: { day: { type: "string" } },
          required: ["day"],
          additionalProperties: false,
        },
        maxAttempts: 5,
      }),
    ]);
    admin = createCaller(api.context);
    operator = createCaller({ ...api.context, principal: as("operator") });
    viewer = createCaller({ ...api.context, principal: as("viewer") });
  });
  afterAll(() => api?.dispose());

  it("an operator creates, reads, updates and deletes a schedule; every write is audited", async () => {
    const { id } = await operator.schedules.create({
      type: "report.build",
      input: { day: "today" },
      cron: "0 9 * * 1-5",
      timezone: "Europe/Paris",
      priority: 4,
    });
    const shown = await viewer.schedules.get({ id });
    expect(shown).toMatchObject({
      id,
      type: "report.build",
      input: { day: "today" },
      cron: "0 9 * * 1-5",
      timezone: "Europe/Paris",
      enabled: true,
      priority: 4,
      lastRunAt: null,
      ticksMissed: 0,
      createdBy: "operator@x",
      lastTasks: [],
    });
    expect(shown.nextRuns).toHaveLength(5);
    for (const run of shown.nextRuns) expect(new Date(run).getUTCHours()).toBeGreaterThanOrEqual(7);
    expect((await viewer.schedules.list()).items.map((s) => s.id)).toContain(id);

    const disabled = await operator.schedules.update({ id, enabled: false });
    expect(disabled).toMatchObject({ enabled: false, nextRuns: [] });
    const moved = await operator.schedules.update({
      id,
      enabled: true,
      cron: "*/10 * * * * *",
      input: { day: "x" },
    });
    expect(moved).toMatchObject({ enabled: true, cron: "*/10 * * * * *", input: { day: "x" } });
    expect(Date.parse(moved.nextRuns[1]!) - Date.parse(moved.nextRuns[0]!)).toBe(10_000);

    expect(await operator.schedules.delete({ id })).toEqual({ deleted: true });
    expect(await operator.schedules.delete({ id })).toEqual({ deleted: false });
    await expect(viewer.schedules.get({ id })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const { items } = await admin.audit.list({ procedure: "schedules." });
    expect(items.map((e) => [e.procedure, e.actor, e.outcome]).reverse()).toEqual([
      ["schedules.create", "operator@x", "accepted"],
      ["schedules.update", "operator@x", "accepted"],
      ["schedules.update", "operator@x", "accepted"],
      ["schedules.delete", "operator@x", "accepted"],
      ["schedules.delete", "operator@x", "accepted"],
    ]);
    expect(items.at(-1)!.target).toBe('cron="0 9 * * 1-5"');
    expect(items[0]!.target).toBe(`id="${id}"`);
  });

  it("a viewer reads and previews but cannot write (403, audited)", async () => {
    await expect(
      viewer.schedules.create({ type: "sleep", input: "x", cron: "* * * * *" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      viewer.schedules.delete({ id: "00000000-0000-4000-8000-000000000000" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const preview = await viewer.schedules.preview({ cron: "0 0 1 1 *", timezone: "UTC" });
    expect(preview.nextRuns[0]).toMatch(/-01-01T00:00:00.000Z$/);
    const refused = await admin.audit.list({ procedure: "schedules.", outcome: "FORBIDDEN" });
    expect(refused.items.map((e) => [e.procedure, e.actor])).toEqual([
      ["schedules.delete", "viewer@x"],
      ["schedules.create", "viewer@x"],
    ]);
  });

  it("bad cron, timezone, type, input or id: a 400 naming the field (never a 500)", async () => {
    const bad = async (call: Promise<unknown>, message: RegExp) => {
      const error = await call.then(
        () => null,
        (e: unknown) => e as { code: string; message: string },
      );
      expect(error?.code).toBe("BAD_REQUEST");
      expect(error?.message).toMatch(message);
    };
    await bad(operator.schedules.create({ type: "sleep", input: "x", cron: "* * *" }), /cron/);
    await bad(operator.schedules.create({ type: "sleep", input: "x", cron: "61 * * * *" }), /minute/);
    await bad(
      operator.schedules.create({ type: "sleep", input: "x", cron: "* * * * *", timezone: "Mars/Base" }),
      /timezone must be an IANA/,
    );
    await bad(operator.schedules.create({ type: "nope", input: {}, cron: "* * * * *" }), /unknown task type/);
    await bad(
      operator.schedules.create({ type: "report.build", input: { week: 1 }, cron: "* * * * *" }),
      /input/,
    );
    await bad(
      operator.schedules.create({ type: "sleep", input: "x", cron: "* * * * *", priority: 12 }),
      /priority/,
    );
    await bad(operator.schedules.get({ id: "not-a-uuid" }), /schedule id/);
    await bad(viewer.schedules.preview({ cron: "every day" }), /cron/);
    const { id } = await operator.schedules.create({
      type: "report.build",
      input: { day: "a" },
      cron: "0 0 * * *",
    });
    await bad(operator.schedules.update({ id, input: { day: 3 } }), /input/);
    await bad(operator.schedules.update({ id }), /at least one field/);
  });
});
