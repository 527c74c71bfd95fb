import { createCaller } from "@tps/api";
import { typeRegistration } from "@tps/core/testing";
import { createTaskTypes } from "@tps/infra";
import { createTestApi } from "@tps/infra/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import type { Worker, WorkerOptions } from "./create-worker";
import { defineTask } from "./define-task";
import { NonRetryableError, type TaskAbortedError } from "./errors";
import { defineAddTask } from "./task-test-helpers";
import { deleteTestTopology, startTestWorker } from "./worker-test-helpers";

const TYPES = ["sdk.add", "sdk.steps", "sdk.refuse", "sdk.slow", "sdk.hang", "sdk.other"];

/** The public worker SDK end to end: tRPC creates, a worker from `createWorker`, real services. */
describe("@tps/worker against real PostgreSQL, RabbitMQ and Redis", () => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let caller: ReturnType<typeof createCaller>;
  const workers: Worker[] = [];
  const aborts: { taskId: number; code: string }[] = [];
  let slowAttempts = 0;

  const add = defineAddTask("sdk.add");
  const steps = defineTask({
    type: "sdk.steps",
    input: z.object({ count: z.number().int().min(1).max(50), stepMs: z.number().int() }),
    run: async ({ count, stepMs }, ctx) => {
      for (let i = 1; i <= count; i++) {
        await new Promise((r) => setTimeout(r, stepMs));
        ctx.progress((i / count) * 100, `step ${i} of ${count}`);
      }
      return { steps: count };
    },
  });
  const refuse = defineTask({
    type: "sdk.refuse",
    input: z.object({ why: z.string() }),
    retry: { maxAttempts: 5, backoffMs: 10 },
    run: async ({ why }) => {
      throw new NonRetryableError(why);
    },
  });
  const slow = defineTask({
    type: "sdk.slow",
    input: z.null(),
    timeoutMs: 100,
    retry: { maxAttempts: 2, backoffMs: 10 },
    run: (_input, ctx) => {
      slowAttempts++;
      return new Promise<void>((_, reject) =>
        ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason)),
      );
    },
  });
  const hang = defineTask({
    type: "sdk.hang",
    input: z.object({ tag: z.string() }),
    concurrency: 1,
    run: (_input, ctx) =>
      new Promise<void>((_, reject) =>
        ctx.signal.addEventListener("abort", () => {
          aborts.push({ taskId: ctx.taskId, code: (ctx.signal.reason as TaskAbortedError).code });
          reject(ctx.signal.reason);
        }),
      ),
  });

  const start = (tasks: WorkerOptions["tasks"], id: string) =>
    startTestWorker(
      api,
      {
        tasks,
        id,
        env: {
          LEASE_MS: "3000",
          RECONCILE_INTERVAL_MS: "200",
          PUBLISH_GRACE_MS: "300",
          PROGRESS_INTERVAL_MS: "100",
        },
      },
      workers,
    );
  const get = (id: number) => caller.tasks.get({ id });
  const settled = (id: number, status: string, timeout = 10_000) =>
    expect.poll(async () => (await get(id)).status, { timeout, interval: 50 }).toBe(status);

  beforeAll(async () => {
    api = await createTestApi(inject("templateDatabaseUrl"));
    caller = createCaller(api.context);
    await start([add, steps, refuse, slow, hang], "sdk-worker-1");
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await deleteTestTopology(api.queue, TYPES);
    await api?.dispose();
  });

  it("registers its types' JSON Schemas and shows itself online for each", async () => {
    await expect
      .poll(async () => (await caller.taskTypes.list()).find((t) => t.type === "sdk.add")?.workersOnline, {
        timeout: 10_000,
      })
      .toBe(1);
    const info = (await caller.taskTypes.list()).find((t) => t.type === "sdk.add")!;
    expect(info.inputSchema).toMatchObject({ type: "object", required: ["a", "b"] });
    expect(info.outputSchema).toMatchObject({ properties: { sum: { type: "number" } } });
    expect((await caller.taskTypes.list()).map((t) => t.type)).toEqual(
      expect.arrayContaining(["sleep", ...TYPES.slice(0, 5)]),
    );
  });

  it("runs a typed task to COMPLETED with its typed output", async () => {
    const task = await caller.tasks.create({ type: "sdk.add", input: { a: 2, b: 40 } });
    expect(task).toMatchObject({ type: "sdk.add", input: { a: 2, b: 40 }, output: null, status: "PENDING" });
    await settled(task.id, "COMPLETED");
    expect(await get(task.id)).toMatchObject({ output: { sum: 42 }, attempts: 1, lastError: null });
  });

  it("answers 400 at the door for input that fails the schema and for an unknown type", async () => {
    const refused = (await caller.tasks
      .create({ type: "sdk.add", input: { a: "2" } })
      .catch((e: Error) => e)) as Error;
    expect(refused).toMatchObject({ code: "BAD_REQUEST" });
    expect(refused.message).toMatch(/input\/a: must be number/);
    expect(refused.message).toMatch(/input\/b: is required/);
    await expect(caller.tasks.create({ type: "sdk.nope", input: {} })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/unknown task type "sdk\.nope": known types are .*sdk\.add.*sleep/),
    });
    await expect(
      caller.tasks.createMany({
        items: [
          { type: "sdk.add", input: { a: 1, b: 2 } },
          { type: "sdk.add", input: [] },
        ],
      }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/items\.1\.input: must be object/),
    });
  });

  it("stores progress while the work runs and keeps the last report", async () => {
    const task = await caller.tasks.create({ type: "sdk.steps", input: { count: 10, stepMs: 100 } });
    await expect
      .poll(async () => (await get(task.id)).progress?.percent ?? 0, { timeout: 5_000, interval: 50 })
      .toBeGreaterThan(0);
    const midway = (await get(task.id)).progress!;
    expect(midway.percent).toBeLessThan(100);
    expect(midway.message).toMatch(/^step \d+ of 10$/);
    await settled(task.id, "COMPLETED");
    expect((await get(task.id)).output).toEqual({ steps: 10 });
  });

  it("fails a NonRetryableError at once, and retries a timed-out attempt per the type's policy", async () => {
    const refused = await caller.tasks.create({ type: "sdk.refuse", input: { why: "not today" } });
    await settled(refused.id, "FAILED");
    expect(await get(refused.id)).toMatchObject({ attempts: 1, maxAttempts: 5, lastError: "not today" });

    const timedOut = await caller.tasks.create({ type: "sdk.slow", input: null });
    await settled(timedOut.id, "FAILED");
    expect(slowAttempts).toBe(2);
    expect(await get(timedOut.id)).toMatchObject({
      attempts: 2,
      lastError: expect.stringMatching(/the attempt timed out/),
    });
  });

  it("aborts the handler's signal on cancel (naming it) within a second", async () => {
    const task = await caller.tasks.create({ type: "sdk.hang", input: { tag: "cancel me" } });
    await settled(task.id, "PROCESSING");
    const asked = Date.now();
    await caller.tasks.cancel({ id: task.id });
    await expect
      .poll(() => aborts.find((a) => a.taskId === task.id)?.code, { timeout: 2_000, interval: 10 })
      .toBe("canceled");
    expect(Date.now() - asked).toBeLessThan(1_000);
    expect((await get(task.id)).status).toBe("CANCELED");
  });

  it("does not let one type's busy queue hold up another type (a queue and a prefetch per type)", async () => {
    const busy = await caller.tasks.create({ type: "sdk.hang", input: { tag: "holds its only slot" } });
    await settled(busy.id, "PROCESSING");
    const queued = await caller.tasks.create({ type: "sdk.hang", input: { tag: "waits for the slot" } });
    const other = await caller.tasks.create({ type: "sdk.add", input: { a: 1, b: 1 } });
    await settled(other.id, "COMPLETED");
    expect((await get(queued.id)).status).toBe("PENDING"); // concurrency 1 holds it back
    await caller.tasks.cancel({ id: busy.id });
    await settled(queued.id, "PROCESSING");
    await caller.tasks.cancel({ id: queued.id });
  });

  it("keeps a task whose type has no worker online PENDING until one starts, then runs it", async () => {
    const other = defineTask({
      type: "sdk.other",
      input: z.object({ n: z.number() }),
      run: async ({ n }) => n * 2,
    });
    await createTaskTypes(api.db).register("a-worker-that-left", [
      typeRegistration("sdk.other", { inputSchema: z.toJSONSchema(other.input) }),
    ]);
    const task = await caller.tasks.create({ type: "sdk.other", input: { n: 21 } });
    await new Promise((r) => setTimeout(r, 1_500)); // reconciler passes come and go
    expect(await get(task.id)).toMatchObject({ status: "PENDING", attempts: 0 });
    expect((await caller.taskTypes.list()).find((t) => t.type === "sdk.other")).toMatchObject({
      workersOnline: 0,
      counts: { PENDING: 1 },
    });
    await start([other], "sdk-worker-2");
    await settled(task.id, "COMPLETED");
    expect((await get(task.id)).output).toBe(42);
  });

  it("fails a queued task whose input no longer matches a changed schema, naming the field, without retrying", async () => {
    // The task was admitted under the old schema; the worker now defines `b` as required.
    await createTaskTypes(api.db).register("old-worker", [typeRegistration("sdk.add")]);
    await api.context.types.rules({ refresh: true }); // the API would read it within its 5 s cache anyway
    const task = await caller.tasks.create({ type: "sdk.add", input: { a: 1 } });
    await settled(task.id, "FAILED");
    expect(await get(task.id)).toMatchObject({
      attempts: 1,
      lastError: expect.stringMatching(/input does not match the schema of sdk\.add: b: /),
    });
  });
});
