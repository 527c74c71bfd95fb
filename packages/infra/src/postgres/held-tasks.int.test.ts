import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestApi } from "../testing";
import { createHeldTaskStore } from "./held-tasks";
import { createTaskTypes } from "./task-types";

/** Held tasks on PostgreSQL: a hold keeps the task PENDING (attempts untouched), a wake takes the best first. */
describe("held tasks (PostgreSQL)", () => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  beforeAll(async () => {
    api = await createTestApi(inject("templateDatabaseUrl"));
  });
  afterAll(() => api?.dispose());

  const row = (id: number) =>
    api.db.$queryRaw<
      {
        waiting_on: string | null;
        concurrency_key: string | null;
        published: boolean;
        due_in_ms: number;
        attempts: number;
        status: string;
      }[]
    >`
      SELECT waiting_on, concurrency_key, published_at IS NOT NULL AS published, attempts, status::text,
             (extract(epoch FROM available_at - now()) * 1000)::float8 AS due_in_ms
      FROM tasks WHERE id = ${id}`.then((r) => r[0]!);

  it("holds PENDING tasks only, wakes the highest priority first and counts the waiting", async () => {
    const held = createHeldTaskStore(api.db);
    const tasks = await api.context.repo.insertMany([
      { type: "lim", payload: '{"k":"a"}' },
      { type: "lim", payload: '{"k":"a"}', priority: 5 },
      { type: "lim", payload: '{"k":"a"}' },
      { type: "lim", payload: '{"k":"b"}' },
    ]);
    const ids = tasks.map((t) => t.id);
    await api.context.repo.cancel([ids[2]!]);
    expect((await held.inputs(ids)).map((r) => Number(r.id)).sort()).toEqual([ids[0], ids[1], ids[3]]);

    const holding = ids.map((id, i) => ({
      id,
      waitingOn: i === 3 ? ("rate" as const) : ("concurrency" as const),
      concurrencyKey: i === 3 ? null : "a",
      waitMs: 60_000,
    }));
    expect((await held.hold(holding)).sort()).toEqual([ids[0], ids[1], ids[3]]);
    const first = await row(ids[0]!);
    expect(first).toMatchObject({
      waiting_on: "concurrency",
      concurrency_key: "a",
      published: false,
      attempts: 0,
      status: "PENDING",
    });
    expect(first.due_in_ms).toBeGreaterThan(55_000);
    expect(await held.waiting()).toEqual(
      expect.arrayContaining([
        { type: "lim", limit: "concurrency", count: 2 },
        { type: "lim", limit: "rate", count: 1 },
      ]),
    );

    expect(await held.wake({ type: "lim", key: "a" }, 1)).toBe(1);
    expect((await row(ids[1]!)).due_in_ms).toBeLessThanOrEqual(0); // priority 5 first
    expect((await row(ids[0]!)).due_in_ms).toBeGreaterThan(55_000);
    expect(await held.wake({ type: "lim", key: "zzz" }, 5)).toBe(0);
    expect(await held.wake({ type: "lim", key: null }, 5)).toBe(0); // rate-held tasks wait for their token
  });

  it("registers a type's limits and lists them with the tasks waiting on them", async () => {
    const types = createTaskTypes(api.db);
    await types.register("w", [
      {
        type: "lim",
        inputSchema: {},
        outputSchema: null,
        maxAttempts: 3,
        timeoutMs: null,
        limits: { concurrency: { limit: 3, keyed: true }, rate: { max: 5, perMs: 1_000, keyed: false } },
      },
      { type: "plain", inputSchema: {}, outputSchema: null, maxAttempts: 3, timeoutMs: null },
    ]);
    const listed = await types.list();
    expect(listed.find((t) => t.type === "lim")).toMatchObject({
      limits: { concurrency: { limit: 3, keyed: true }, rate: { max: 5, perMs: 1_000, keyed: false } },
      // A woken task still waits (due now) until a claim takes it.
      waiting: { concurrency: 2, rate: 1 },
    });
    expect(listed.find((t) => t.type === "plain")).toMatchObject({
      limits: { concurrency: null, rate: null },
      waiting: { concurrency: 0, rate: 0 },
    });
    expect(Object.keys(listed[0]!)).not.toContain("concurrencyLimit");
  });
});
