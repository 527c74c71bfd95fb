import { createCaller } from "@tps/api";
import { migrationNames, migrationSql, migrationStatements, runStatements as run } from "@tps/db/migrations";
import { createTestApi, uniqueName } from "@tps/infra/testing";
import { createConsumerMetrics, createSimulatedWork } from "@tps/worker/internal";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type ConsumerApp, startConsumerApp } from "./consumer-app";
import { testConsumerConfig } from "./testing";

/** The migration applied under load: the bigint ids one, the largest online change to `tasks`. */
const TARGET = "20261208000000_bigint_task_ids";
const HISTORY = 50_000; // finished tasks already in the table, so the migration has work to do
const PER_TICK = 50; // created every 100 ms: 500 tasks/s
const LEASE_MS = 3_000;

/**
 * Issue 21, item 7: a migration of `tasks` while 500 tasks/s flow must not stall the pipeline.
 * The database is migrated up to (not including) TARGET as Prisma's runner would (the migrations
 * after it do not depend on it), filled with history, then TARGET runs statement by statement while
 * the API creates and a consumer with 3 s leases and no grace works. Invariant: no lease lapsed
 * (a stall of about 2 s in the renewals would lapse one) and every task completed exactly once.
 */
describe("a migration of tasks while 500 tasks/s flow", () => {
  let template: { url: string; drop(): Promise<void> };
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let app: ConsumerApp;

  beforeAll(async () => {
    const base = new URL(inject("templateDatabaseUrl"));
    const admin = Object.assign(new URL(base), { pathname: "/postgres" }).toString();
    const name = uniqueName("tps_premigration");
    const url = Object.assign(new URL(base), { pathname: `/${name}` }).toString();
    await run(admin, [`CREATE DATABASE "${name}"`]);
    template = { url, drop: () => run(admin, [`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`]) };
    for (const m of migrationNames().filter((m) => m !== TARGET))
      await run(url, migrationStatements(migrationSql(m)));
    api = await createTestApi(url);
    await run(api.databaseUrl, [
      `INSERT INTO tasks (payload, status, attempts, started_at, finished_at, published_at)
       SELECT 'history-' || g, 'COMPLETED', 1, now(), now(), now() FROM generate_series(1, ${HISTORY}) g`,
      `INSERT INTO task_events (task_id, type) SELECT id, 'completed' FROM tasks`,
    ]);
    app = await startConsumerApp({
      config: testConsumerConfig(api, {
        CONSUMER_ID: "migration-consumer",
        LEASE_MS: String(LEASE_MS),
        LEASE_GRACE_MS: "0",
        BATCH_SIZE: "100",
        BATCH_WINDOW_MS: "10",
        PREFETCH: "500",
        RECONCILE_INTERVAL_MS: "200",
        DB_POOL_SIZE: "5",
      }),
      log: api.log,
      metrics: createConsumerMetrics(new Registry()),
      work: createSimulatedWork(20),
    });
  }, 300_000);

  afterAll(async () => {
    await app?.stop();
    await api?.dispose();
    await template?.drop();
  });

  it("lapses no lease and completes every task exactly once", { timeout: 300_000 }, async () => {
    const caller = createCaller(api.context);
    const ids: number[] = [];
    let producing = true;
    const producer = (async () => {
      for (let tick = 0; producing; tick++) {
        const next = performance.now() + 100;
        const { items } = await caller.tasks.createMany({
          payloads: Array.from({ length: PER_TICK }, (_, i) => `live-${tick}-${i}`),
        });
        ids.push(...items.map((t) => t.id));
        await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
      }
    })();
    const completed = async () =>
      Number(
        (
          await api.db.$queryRaw<{ n: bigint }[]>`
          SELECT count(*) AS n FROM tasks WHERE status = 'COMPLETED' AND payload LIKE 'live-%'`
        )[0]!.n,
      );

    await new Promise((r) => setTimeout(r, 3_000));
    const before = { at: performance.now(), completed: await completed() };
    await run(api.databaseUrl, migrationStatements(migrationSql(TARGET)));
    const after = { at: performance.now(), completed: await completed() };
    await new Promise((r) => setTimeout(r, 2_000));
    producing = false;
    await producer;

    const seconds = (after.at - before.at) / 1000;
    console.log(
      `migration of ${HISTORY.toLocaleString("en")} tasks under load: ${seconds.toFixed(1)} s, ` +
        `${Math.round((after.completed - before.completed) / seconds)} tasks/s completed meanwhile ` +
        `(${ids.length} created in all, ${PER_TICK * 10}/s offered)`,
    );
    await expect.poll(completed, { timeout: 60_000, interval: 250 }).toBe(ids.length);
    const [row] = await api.db.$queryRaw<{ lapsed: bigint; twice: bigint; idType: string }[]>`
      SELECT (SELECT count(*) FROM task_events WHERE type = 'lease_expired') AS lapsed,
             (SELECT count(*) FROM (SELECT task_id FROM task_events WHERE type = 'completed'
                                    GROUP BY task_id HAVING count(*) > 1) d) AS twice,
             (SELECT format_type(atttypid, atttypmod) FROM pg_attribute
              WHERE attrelid = 'tasks'::regclass AND attname = 'id') AS "idType"`;
    expect(row).toEqual({ lapsed: 0n, twice: 0n, idType: "bigint" });
    expect(new Set(ids).size).toBe(ids.length);
  });
});
