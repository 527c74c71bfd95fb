import { createCaller } from "@tps/api";
import {
  createTestApi,
  type HungProxy,
  startHungProxy,
  TEST_RABBITMQ_URL,
  TEST_REDIS_URL,
} from "@tps/infra/testing";
import type { WorkFn } from "@tps/worker/internal";
import { createConsumerMetrics } from "@tps/worker/internal";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type ConsumerApp, startConsumerApp } from "./consumer-app";
import { parseConsumerEnv } from "./env";

const LEASE_MS = 2_000;

/**
 * Invariant 6 with real processes' connections: a consumer whose database hangs (TCP up, no answers)
 * stops its own work before its lease runs out, and that attempt never settles; another consumer
 * takes the task over once the lease lapses and completes it.
 */
describe("self-fencing when the database hangs under a running task", () => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let caller: ReturnType<typeof createCaller>;
  let proxy: HungProxy;
  const apps: ConsumerApp[] = [];
  const stops: { attempt: number; afterFreezeMs: number }[] = [];
  let frozenAt = 0;

  /**
   * The first run of a task lasts until aborted; later ones finish at once. Counted by run, not by
   * `task.attempts`: a takeover after a lost lease gives the attempt back, so it runs as attempt 1 again.
   */
  const runs = new Map<number, number>();
  const work: WorkFn = (task, signal) => {
    runs.set(task.id, (runs.get(task.id) ?? 0) + 1);
    return runs.get(task.id)! > 1
      ? Promise.resolve()
      : new Promise((_, reject) =>
          signal.addEventListener("abort", () => {
            stops.push({ attempt: task.attempts, afterFreezeMs: Date.now() - frozenAt });
            reject(new Error("aborted"));
          }),
        );
  };

  const start = (databaseUrl: string, id: string, metrics = createConsumerMetrics(new Registry())) =>
    startConsumerApp({
      config: parseConsumerEnv({
        DATABASE_URL: databaseUrl,
        RABBITMQ_URL: TEST_RABBITMQ_URL,
        REDIS_URL: TEST_REDIS_URL,
        TASK_QUEUE: api.queue,
        CONSUMER_PORT: "0",
        CONSUMER_ID: id,
        LEASE_MS: String(LEASE_MS),
        LEASE_GRACE_MS: "500",
        RECONCILE_INTERVAL_MS: "200",
        PUBLISH_GRACE_MS: "200",
        SHUTDOWN_GRACE_MS: "0",
        DB_POOL_SIZE: "3",
      }),
      log: api.log,
      metrics,
      work,
    }).then((app) => {
      apps.push(app);
      return app;
    });

  beforeAll(async () => {
    api = await createTestApi(inject("templateDatabaseUrl"));
    caller = createCaller(api.context);
    proxy = await startHungProxy({ host: "127.0.0.1", port: Number(new URL(api.databaseUrl).port || 5432) });
  });
  afterAll(async () => {
    await proxy?.close(); // the hung consumer's connections fail at once
    await Promise.all(apps.map((app) => app.stop()));
    await api?.dispose();
  });

  it("stops the work before the lease lapses, never settles it, and another consumer completes the task", async () => {
    const viaProxy = new URL(api.databaseUrl);
    viaProxy.hostname = "127.0.0.1";
    viaProxy.port = String(proxy.port);
    const hungMetrics = createConsumerMetrics(new Registry());
    const hung = await start(viaProxy.toString(), "consumer-on-hung-db", hungMetrics);

    const task = await caller.tasks.create({ payload: "runs while the database hangs" });
    await expect.poll(() => hung.worker.inFlight, { timeout: 10_000 }).toBe(1);
    frozenAt = Date.now();
    proxy.freeze();

    await expect.poll(() => stops.length, { timeout: LEASE_MS * 2 }).toBe(1);
    console.log(
      `first attempt stopped ${stops[0]!.afterFreezeMs} ms after the database hung (lease ${LEASE_MS} ms)`,
    );
    expect(stops[0]!.attempt).toBe(1);
    expect(stops[0]!.afterFreezeMs).toBeLessThan(LEASE_MS);
    expect(await hungMetrics.registry.metrics()).toMatch(
      /tasks_processed_total\{status="lease_lost",task_type="sleep"\} 1/,
    );

    await start(api.databaseUrl, "healthy-consumer");
    await expect
      .poll(async () => (await caller.tasks.get({ id: task.id })).status, { timeout: 15_000, interval: 100 })
      .toBe("COMPLETED");
    const timeline = await caller.tasks.events({ id: task.id });
    console.log(timeline.map((e) => `${e.type}#${e.attempt ?? "-"}@${e.consumer ?? "-"}`).join(" "));
    // The lost lease is not the work's failure: the attempt was given back, the loss counted apart.
    expect(await caller.tasks.get({ id: task.id })).toMatchObject({ attempts: 1 });
    expect(runs.get(task.id)).toBe(2);
    // The first attempt's only ends: its lease expiring. Never a settle of its own.
    expect(timeline.filter((e) => e.consumer === "consumer-on-hung-db").map((e) => e.type)).toEqual([
      "started",
      "lease_expired",
    ]);
  });
});
