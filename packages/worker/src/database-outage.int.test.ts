import { createCaller } from "@tps/api";
import { createTestApi, type HungProxy, startHungProxy } from "@tps/infra/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import type { Worker } from "./create-worker";
import { defineTask } from "./define-task";
import { createTestWorker, deleteTestTopology } from "./worker-test-helpers";

// Small by default; TEST_* set the production figures (15 s lease, 10 s grace, 25 s, 2,000 × 3 s).
const setting = (name: string, fallback: number) => Number(process.env[`TEST_${name}`] ?? fallback);
const LEASE_MS = setting("LEASE_MS", 3_000);
const GRACE_MS = setting("LEASE_GRACE_MS", 5_000);
/** Longer than lease + grace: when the database returns, every lease is past expiry and grace. */
const OUTAGE_MS = setting("OUTAGE_MS", 10_000);
const TASKS = setting("TASKS", 20);
const WORK_MS = setting("WORK_MS", 1_000);

/**
 * A database outage longer than the lease, as every consumer sees it, while tasks finish: the
 * finished work waits in the owner's settler, and when the database returns it is written, not
 * thrown away by a reaper (the reaper holds off for the grace after its first pass that reaches the
 * database again). Real PostgreSQL (behind a proxy that plays the outage), RabbitMQ and Redis.
 */
describe("a database outage longer than the lease (real services)", () => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let proxy: HungProxy;
  let worker: Worker;
  const runs = new Map<number, number>();

  const finish = defineTask({
    type: "outage.finish",
    input: z.object({ ms: z.number().int() }),
    run: async ({ ms }, ctx) => {
      runs.set(ctx.taskId, (runs.get(ctx.taskId) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, ms));
      return { done: true };
    },
  });

  beforeAll(async () => {
    api = await createTestApi(inject("templateDatabaseUrl"));
    const db = new URL(api.databaseUrl);
    proxy = await startHungProxy({ host: db.hostname, port: Number(db.port || 5432) });
    worker = createTestWorker(api, {
      tasks: [finish],
      id: "outage-worker",
      databaseUrl: proxy.proxied(api.databaseUrl),
      env: {
        LEASE_MS: String(LEASE_MS),
        LEASE_GRACE_MS: String(GRACE_MS),
        RECONCILE_INTERVAL_MS: "200",
        PUBLISH_GRACE_MS: "300",
      },
    });
    await worker.start();
  });

  afterAll(async () => {
    proxy?.up();
    await worker?.stop();
    await proxy?.close();
    await deleteTestTopology(api.queue, [finish.type]);
    await api?.dispose();
  });

  it("writes the work that finished during the outage: nothing re-run, no attempt charged", {
    timeout: 120_000,
  }, async () => {
    const caller = createCaller(api.context);
    const ids: number[] = [];
    for (let created = 0; created < TASKS; created += 500) {
      const { items } = await caller.tasks.createMany({
        items: Array.from({ length: Math.min(500, TASKS - created) }, () => ({
          type: finish.type,
          input: { ms: WORK_MS },
        })),
      });
      ids.push(...items.map((t) => Number(t.id)));
    }
    await expect.poll(() => runs.size, { timeout: 30_000 }).toBe(TASKS); // all claimed and running

    proxy.down();
    try {
      await new Promise((r) => setTimeout(r, OUTAGE_MS)); // the work finishes meanwhile, unsettled
    } finally {
      proxy.up();
    }
    const back = performance.now();
    const rows = async () =>
      api.db.$queryRawUnsafe<{ status: string; attempts: number; lease_losses: number }[]>(
        `SELECT status::text, attempts, lease_losses FROM tasks WHERE id = ANY($1::bigint[])`,
        ids,
      );
    await expect
      .poll(async () => (await rows()).filter((r) => r.status === "COMPLETED").length, { timeout: 30_000 })
      .toBe(TASKS);
    const settledAfterMs = Math.round(performance.now() - back);
    const reRuns = [...runs.values()].reduce((sum, n) => sum + n - 1, 0);
    const final = await rows();
    const charged = final.reduce((sum, r) => sum + r.attempts - 1, 0);
    const losses = final.reduce((sum, r) => sum + r.lease_losses, 0);
    console.log(
      `outage ${OUTAGE_MS} ms (lease ${LEASE_MS} ms, grace ${GRACE_MS} ms), ${TASKS} tasks: ` +
        `all COMPLETED ${settledAfterMs} ms after the database returned; re-runs ${reRuns}, ` +
        `extra attempts charged ${charged}, lease losses ${losses}`,
    );
    expect(reRuns).toBe(0);
    expect(charged).toBe(0);
    expect(losses).toBe(0);
  });
});
