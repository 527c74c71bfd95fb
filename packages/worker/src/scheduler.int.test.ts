import { createCaller } from "@tps/api";
import { deleteTopology } from "@tps/infra";
import { createTestApi, TEST_RABBITMQ_URL, TEST_REDIS_URL } from "@tps/infra/testing";
import amqp from "amqplib";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { z } from "zod";
import { createHostedWorker } from "./create-worker";
import { defineTask } from "./define-task";

/** Two workers and a per-second schedule: its tasks are made once per tick, published and run. */
let api: Awaited<ReturnType<typeof createTestApi>>;
let caller: ReturnType<typeof createCaller>;
const ran: { day: string; at: number }[] = [];
const report = defineTask({
  type: "sched.report",
  input: z.object({ day: z.string() }),
  run: async ({ day }) => {
    ran.push({ day, at: Date.now() });
  },
});
const workers: ReturnType<typeof createHostedWorker>[] = [];

beforeAll(async () => {
  api = await createTestApi(inject("templateDatabaseUrl"));
  caller = createCaller(api.context);
  const settings = {
    DATABASE_URL: api.databaseUrl,
    RABBITMQ_URL: TEST_RABBITMQ_URL,
    REDIS_URL: TEST_REDIS_URL,
    TASK_QUEUE: api.queue,
  };
  workers.push(
    ...["sched-w1", "sched-w2"].map((id) =>
      createHostedWorker(
        { tasks: [report], id, env: { LOG_LEVEL: "silent", LEASE_MS: "3000", RECONCILE_INTERVAL_MS: "200" } },
        { settings },
      ),
    ),
  );
  await Promise.all(workers.map((w) => w.start()));
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  const connection = await amqp.connect(TEST_RABBITMQ_URL);
  await deleteTopology(await connection.createChannel(), api.queue, ["sched.report"]).catch(() => {});
  await connection.close();
  await api?.dispose();
});

it("every tick makes one task, which runs within about a second of its tick", async () => {
  const { id } = await caller.schedules.create({
    type: "sched.report",
    input: { day: "today" },
    cron: "* * * * * *",
    priority: 5,
  });
  await new Promise((r) => setTimeout(r, 4_200));
  await caller.schedules.update({ id, enabled: false });
  await new Promise((r) => setTimeout(r, 1_000));

  const schedule = await caller.schedules.get({ id });
  const tasks = await api.db.$queryRaw<{ id: bigint; status: string; priority: number; tick: string }[]>`
    SELECT t.id, t.status::text AS status, t.priority::int AS priority, split_part(e.detail, ' tick ', 2) AS tick
    FROM tasks t JOIN task_events e ON e.task_id = t.id AND e.type = 'created'
    WHERE t.schedule_id = ${id}::uuid ORDER BY t.id`;
  expect(tasks.length).toBeGreaterThanOrEqual(4);
  expect(new Set(tasks.map((t) => t.tick)).size).toBe(tasks.length); // no tick twice
  expect(tasks.every((t) => t.status === "COMPLETED" && t.priority === 5)).toBe(true);
  // Started within a second and a half of the tick it stands for (two workers share the ticks).
  const ticks = tasks.map((t) => Date.parse(t.tick));
  const late = ticks.map((tick) => Math.min(...ran.filter((r) => r.at >= tick).map((r) => r.at - tick)));
  console.log(`${tasks.length} ticks, tick → run started: ${late.join(", ")} ms`);
  for (const ms of late) expect(ms).toBeLessThan(1_500);
  expect(schedule.lastTasks).toHaveLength(Math.min(5, tasks.length));
  expect(schedule.lastRunAt).not.toBeNull();
  const made = await Promise.all(
    workers.map(
      async (w) => (await w.registry.getSingleMetric("schedule_ticks_total")?.get())?.values[0]?.value ?? 0,
    ),
  );
  expect(made.reduce((a, b) => a + b, 0)).toBe(tasks.length);
});
