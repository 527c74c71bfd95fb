import { createDb, type PrismaClient } from "@tps/db";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestApi } from "../testing";
import { createScheduleStore } from "./schedule-store";

/** Cron schedules on real PostgreSQL: the store, and exactly one task per tick. */
describe("schedule store", () => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let store: ReturnType<typeof createScheduleStore>;
  const others: PrismaClient[] = [];

  beforeAll(async () => {
    api = await createTestApi(inject("templateDatabaseUrl"));
    store = createScheduleStore(api.db);
  });
  afterAll(async () => {
    for (const db of others) await db.$disconnect();
    await api?.dispose();
  });

  const base = {
    type: "sleep",
    payload: "tick",
    cron: "* * * * * *",
    timezone: "UTC",
    enabled: true,
    priority: 3,
    createdBy: "tester",
  };
  /** The ticks each task of the schedule stands for (from its 'created' step), in order. */
  const ticksOf = async (id: string) =>
    (
      await api.db.$queryRaw<{ tick: string; n: bigint }[]>`
        SELECT split_part(e.detail, ' tick ', 2) AS tick, count(*) AS n FROM tasks t
        JOIN task_events e ON e.task_id = t.id AND e.type = 'created'
        WHERE t.schedule_id = ${id}::uuid GROUP BY 1 ORDER BY 1`
    ).map((r) => ({ tick: r.tick, n: Number(r.n) }));

  it("creates, reads, updates and deletes; last tasks newest first", async () => {
    const created = await store.create({ ...base, nextRunAt: new Date(Date.now() + 60_000) });
    expect(created).toMatchObject({
      type: "sleep",
      priority: 3,
      enabled: true,
      ticksMissed: 0,
      lastTasks: [],
    });
    expect(await store.get(created.id)).toEqual(created);
    expect((await store.list(100)).map((s) => s.id)).toContain(created.id);

    const updated = await store.update(created.id, { enabled: false, nextRunAt: null, priority: 7 });
    expect(updated).toMatchObject({ enabled: false, nextRunAt: null, priority: 7, cron: "* * * * * *" });
    expect(await store.update("00000000-0000-4000-8000-000000000000", { enabled: true })).toBeNull();

    await store.update(created.id, { enabled: true, nextRunAt: new Date(Date.now() - 100) });
    const ticked = await store.tick(100);
    expect(ticked.tasks).toEqual([
      expect.objectContaining({ type: "sleep", priority: 7, scheduleId: created.id }),
    ]);
    const task = await api.context.repo.findById(ticked.tasks[0]!.id);
    expect(task).toMatchObject({ status: "PENDING", publishedAt: null, payload: "tick", maxAttempts: 3 });
    const after = (await store.get(created.id))!;
    expect(after.lastTasks).toEqual([{ id: task!.id, status: "PENDING", createdAt: task!.createdAt }]);
    expect(after.lastRunAt).not.toBeNull();
    expect(Date.parse(after.nextRunAt!)).toBeGreaterThan(Date.now() - 1_000);

    expect(await store.delete(created.id)).toBe(true);
    expect(await store.delete(created.id)).toBe(false);
    expect(await store.get(created.id)).toBeNull();
    expect(await api.context.repo.findById(task!.id)).not.toBeNull(); // its tasks stay
  });

  it("three tickers at once make exactly one task per tick", async () => {
    const schedule = await store.create({
      ...base,
      nextRunAt: new Date(Math.ceil(Date.now() / 1000) * 1000),
    });
    const tickers = [
      store,
      ...[1, 2].map(() => {
        const db = createDb(api.databaseUrl, { maxConnections: 3 });
        others.push(db);
        return createScheduleStore(db);
      }),
    ];
    const until = Date.now() + 4_500;
    const made = await Promise.all(
      tickers.map(async (ticker) => {
        let n = 0;
        while (Date.now() < until) {
          n += (await ticker.tick(100)).tasks.filter((t) => t.scheduleId === schedule.id).length;
          await new Promise((r) => setTimeout(r, 20));
        }
        return n;
      }),
    );
    await store.update(schedule.id, { enabled: false, nextRunAt: null });
    const ticks = await ticksOf(schedule.id);
    // Every tick once, consecutive seconds, none twice; the tickers shared them.
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    expect(ticks.every((t) => t.n === 1)).toBe(true);
    const seconds = ticks.map((t) => Date.parse(t.tick) / 1000);
    expect(seconds.slice(1).every((s, i) => s === seconds[i]! + 1)).toBe(true);
    expect(made.reduce((a, b) => a + b, 0)).toBe(ticks.length);
    expect((await store.get(schedule.id))!.ticksMissed).toBe(0);
    console.log(`3 tickers, 4.5 s: ${ticks.length} ticks, tasks per ticker ${made.join("/")}`);
  });

  it("after a downtime: one catch-up task, the skipped ticks counted", async () => {
    const due = new Date(Math.floor(Date.now() / 1000) * 1000 - 5_000);
    const schedule = await store.create({ ...base, nextRunAt: due });
    const first = await store.tick(100);
    const second = await store.tick(100);
    expect(first.tasks.filter((t) => t.scheduleId === schedule.id)).toHaveLength(1);
    expect(second.tasks.filter((t) => t.scheduleId === schedule.id)).toHaveLength(0);
    const after = (await store.get(schedule.id))!;
    expect(after.ticksMissed).toBeGreaterThanOrEqual(4);
    expect(after.ticksMissed).toBeLessThanOrEqual(6);
    expect(Date.parse(after.nextRunAt!)).toBeGreaterThan(Date.now() - 1_000);
    expect(await ticksOf(schedule.id)).toEqual([{ tick: due.toISOString(), n: 1 }]);
    await store.delete(schedule.id);
  });

  it("the soonest tick of the enabled schedules", async () => {
    const soon = new Date(Date.now() + 3_600_000);
    const s = await store.create({ ...base, cron: "0 0 1 1 *", nextRunAt: soon });
    const ms = await store.msUntilNextDue();
    expect(ms).toBeLessThanOrEqual(3_600_000);
    expect(ms).toBeGreaterThan(-60_000);
    await store.delete(s.id);
  });
});
