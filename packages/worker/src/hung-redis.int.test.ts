import { createCaller } from "@tps/api";
import { deleteTopology } from "@tps/infra";
import { createTestApi, type HungProxy, startHungProxy, TEST_RABBITMQ_URL } from "@tps/infra/testing";
import amqp from "amqplib";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { createHostedWorker } from "./create-worker";
import { defineTask } from "./define-task";
import type { TaskAbortedError } from "./errors";

const TYPE = "hung.noop";
const WAIT_TYPE = "hung.wait";
const TASKS = 5_000;

/**
 * Invariant: a hung Redis costs the worker once, not once per claim batch. After each claim the
 * worker looks up cancel flags in Redis; with Redis hung, the first lookup waits for the command
 * timeout and opens the cancel bus's breaker, later lookups answer "none flagged" at once (cancels
 * still reach running work through lease renewal, from PostgreSQL). Counted: lookups that timed out.
 */
describe("a worker with Redis hung", () => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let proxy: HungProxy;
  const noop = defineTask({ type: TYPE, input: z.null(), run: async () => null });
  const aborted: { at: number; code: string }[] = [];
  const wait = defineTask({
    type: WAIT_TYPE,
    input: z.null(),
    run: (_input, ctx) =>
      new Promise<void>((_, reject) =>
        ctx.signal.addEventListener("abort", () => {
          aborted.push({ at: Date.now(), code: (ctx.signal.reason as TaskAbortedError).code });
          reject(ctx.signal.reason);
        }),
      ),
  });
  let worker: ReturnType<typeof createHostedWorker>;

  beforeAll(async () => {
    api = await createTestApi(inject("templateDatabaseUrl"));
    proxy = await startHungProxy({ host: "127.0.0.1", port: 6379 });
    worker = createHostedWorker(
      {
        tasks: [noop, wait],
        id: "hung-redis-worker",
        databaseUrl: api.databaseUrl,
        rabbitmqUrl: TEST_RABBITMQ_URL,
        redisUrl: `redis://127.0.0.1:${proxy.port}`,
        queue: api.queue,
        shutdownGraceMs: 500,
        env: { LOG_LEVEL: "silent" },
      },
      { telemetry: false },
    );
    await worker.start();
  });

  afterAll(async () => {
    await worker?.stop();
    await proxy?.close();
    const connection = await amqp.connect(TEST_RABBITMQ_URL);
    await deleteTopology(await connection.createChannel(), api.queue, [TYPE, WAIT_TYPE]).catch(() => {});
    await connection.close();
    await api?.dispose();
  });

  it(`runs ${TASKS} no-op tasks with at most two cancel-flag lookups waiting for the timeout`, async () => {
    const cancels = worker.runtime!.cancels;
    // Each lookup's outcome, seen from outside (the batch loop calls `cancels.flagged` by name).
    const outcomes: Promise<string>[] = [];
    const lookUp = cancels.flagged.bind(cancels);
    cancels.flagged = (ids) => {
      const call = lookUp(ids);
      outcomes.push(
        call.then(
          () => "ok",
          (e: Error) => (/timed out|did not answer/.test(e.message) ? "timeout" : "fast"),
        ),
      );
      return call;
    };
    expect(await cancels.ping()).toBe(true);
    proxy.freeze();

    const caller = createCaller(api.context);
    const t0 = performance.now();
    for (let i = 0; i < TASKS; i += 1_000) {
      const items = Array.from({ length: Math.min(1_000, TASKS - i) }, () => ({ type: TYPE, input: null }));
      await caller.tasks.createMany({ items });
    }
    const created = performance.now() - t0;
    const completed = async () =>
      Number(
        (
          await api.db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM tasks WHERE status = 'COMPLETED'`
        )[0]!.n,
      );
    await expect
      .poll(completed, { timeout: 50_000, interval: 100 })
      .toBe(TASKS)
      .catch(async (error: unknown) => {
        console.log(await api.db.$queryRaw`SELECT status, count(*)::int AS n FROM tasks GROUP BY status`);
        throw error;
      });
    const ms = performance.now() - t0;

    const all = await Promise.all(outcomes);
    const timeouts = all.filter((o) => o === "timeout").length;
    console.log(
      `${TASKS} no-op tasks with Redis hung: ${ms.toFixed(0)} ms (${((TASKS / ms) * 1000).toFixed(0)} tasks/s; ` +
        `creates took ${created.toFixed(0)} ms, the rest ${(ms - created).toFixed(0)} ms); flag lookups: ${all.length}, timed out: ${timeouts}`,
    );
    expect(timeouts).toBeLessThanOrEqual(2);
    expect(cancels.breakerOpen()).toBe(true);
  });

  it("a cancel still stops running work, at the next lease renewal (LEASE_MS/3) instead of at once", async () => {
    const caller = createCaller(api.context);
    const task = await caller.tasks.create({ type: WAIT_TYPE, input: null });
    await expect
      .poll(async () => (await caller.tasks.get({ id: task.id })).status, { timeout: 10_000 })
      .toBe("PROCESSING");
    const canceledAt = Date.now();
    await caller.tasks.cancel({ id: task.id }); // its signal goes to a Redis the worker cannot hear
    await expect.poll(() => aborted.length, { timeout: 10_000, interval: 20 }).toBe(1);
    console.log(
      `cancel to running work stopped with Redis hung: ${aborted[0]!.at - canceledAt} ms (LEASE_MS 15,000: renewals every 5 s)`,
    );
    expect(aborted[0]!.code).toBe("canceled");
    expect((await caller.tasks.get({ id: task.id })).status).toBe("CANCELED");
  });
});
