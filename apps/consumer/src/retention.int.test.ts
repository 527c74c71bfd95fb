import { MemoryLog } from "@tps/core/testing";
import { createDb, type PrismaClient } from "@tps/db";
import { createAdvisoryLock, createTaskRepository, RETENTION_LOCK_KEY } from "@tps/infra";
import { createTestDatabase } from "@tps/infra/testing";
import { createConsumerMetrics } from "@tps/worker/internal";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startRetention } from "./retention";

/**
 * The background purger on real PostgreSQL: old finished tasks and their timelines go, unfinished
 * and recent ones stay, the counter table still equals count(*), and of two consumers only one
 * runs a pass at a time.
 */
describe("background retention", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;

  beforeAll(async () => {
    database = await createTestDatabase(inject("templateDatabaseUrl"));
    db = createDb(database.url, { maxConnections: 4, statementTimeoutMs: 5_000 });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  /** `n` tasks in `status`, finished `ageDays` ago (NULL finish for unfinished ones), 4 events each. */
  async function seed(status: string, n: number, ageDays: number) {
    await db.$executeRawUnsafe(
      `WITH t AS (
         INSERT INTO tasks (payload, status, created_at, finished_at)
         SELECT '${status}-' || g, '${status}'::"TaskStatus", now() - interval '1 day' * (${ageDays} + 1),
                CASE WHEN '${status}' IN ('PENDING', 'PROCESSING') THEN NULL ELSE now() - interval '1 day' * ${ageDays} END
         FROM generate_series(1, ${n}) g RETURNING id
       )
       INSERT INTO task_events (task_id, type) SELECT id, e FROM t, unnest(ARRAY['created','published','started','completed']) e`,
    );
  }

  const counts = async () => {
    const [counters, table] = await Promise.all([
      db.$queryRaw<{ status: string; n: number }[]>`
        SELECT status::text, sum(count)::int AS n FROM task_status_counts GROUP BY status HAVING sum(count) <> 0 ORDER BY 1`,
      db.$queryRaw<{ status: string; n: number }[]>`
        SELECT status::text, count(*)::int AS n FROM tasks GROUP BY status ORDER BY 1`,
    ]);
    return { counters, table };
  };

  /** A purger as the consumer starts it (its first pass begins at once); tests await it with tick(). */
  const purger = (batch: number, pauseMs: number) => {
    const metrics = createConsumerMetrics(new Registry());
    const log = new MemoryLog();
    const run = startRetention({
      repo: createTaskRepository(db),
      lock: createAdvisoryLock(database.url, RETENTION_LOCK_KEY),
      metrics,
      log,
      days: 30,
      batch,
      pauseMs,
      intervalMs: 60_000,
    });
    return { run, metrics, log };
  };

  it("deletes old finished tasks with their events, keeps the rest, and the counts stay right", async () => {
    for (const status of ["COMPLETED", "CANCELED", "FAILED"]) await seed(status, 10, 40);
    for (const status of ["COMPLETED", "FAILED"]) await seed(status, 5, 2);
    for (const status of ["PENDING", "PROCESSING"]) await seed(status, 4, 40);

    const { run, metrics, log } = purger(7, 1);
    const pass = await run.tick();
    await run.stop();

    expect(pass).toMatchObject({ deleted: 30, batches: 5 });
    expect((await metrics.registry.getSingleMetric("tasks_purged_total")?.get())?.values[0]?.value).toBe(30);
    expect(
      log.entries.some(
        (e) => e.message === "retention pass" && (e.context as { deleted?: number }).deleted === 30,
      ),
    ).toBe(true);
    const left = await db.$queryRaw<{ status: string; n: number }[]>`
      SELECT status::text, count(*)::int AS n FROM tasks GROUP BY status ORDER BY 1`;
    expect(left).toEqual(
      [
        { status: "PENDING", n: 4 },
        { status: "PROCESSING", n: 4 },
        { status: "COMPLETED", n: 5 },
        { status: "FAILED", n: 5 },
      ].sort((a, b) => a.status.localeCompare(b.status)),
    );
    const [orphans] = await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM task_events e WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = e.task_id)`;
    expect(orphans!.n).toBe(0);
    const { counters, table } = await counts();
    expect(counters).toEqual(table);
  });

  it("runs one pass at a time across consumers (advisory lock)", async () => {
    await seed("CANCELED", 200, 40);
    const [first, second] = [purger(10, 20), purger(10, 20)];
    const results = await Promise.all([first.run.tick(), second.run.tick()]);
    await Promise.all([first.run.stop(), second.run.stop()]);
    expect(results.filter((r) => r === null)).toHaveLength(1);
    expect(results.find((r) => r !== null)).toMatchObject({ deleted: 200 });
    const { counters, table } = await counts();
    expect(counters).toEqual(table);
  });
});
