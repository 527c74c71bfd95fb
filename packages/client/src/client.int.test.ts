import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { appRouter } from "@tps/api";
import { typeRegistration } from "@tps/core/testing";
import { createTaskTypes, createWorkStore } from "@tps/infra";
import { createTestApi } from "@tps/infra/testing";
import { createHTTPServer } from "@trpc/server/adapters/standalone";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  ConflictError,
  createTasksClient,
  NotFoundError,
  outputOf,
  TaskFailedError,
  type TasksClient,
  TimeoutError,
  UnavailableError,
  ValidationError,
  WaitTimeoutError,
} from "./index";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The client against the real router over HTTP (standalone adapter), on real PostgreSQL and RabbitMQ. */
describe("@tps/client against a real tRPC HTTP server", () => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let server: Server;
  let client: TasksClient;
  let url: string;
  const authorizations = new Set<string | undefined>();

  /** A tiny worker: claims the tasks after `delayMs`, and settles them COMPLETED `workMs` later. */
  const completeLater = async (ids: number[], delayMs = 300, workMs = 0) => {
    const store = createWorkStore(api.db);
    await sleep(delayMs);
    const claimed = await store.claim(ids, "int-test-worker", 60_000);
    await sleep(workMs);
    await store.settle(
      claimed.map((t) => ({ id: t.id, leaseToken: t.leaseToken, outcome: "complete" as const })),
      "int-test-worker",
    );
  };

  beforeAll(async () => {
    api = await createTestApi(inject("templateDatabaseUrl"));
    server = createHTTPServer({
      router: appRouter,
      createContext: ({ req }) => {
        authorizations.add(req.headers.authorization);
        return api.context;
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = createTasksClient(url, { apiKey: "tps_test_key", timeoutMs: 5_000 });
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await api?.dispose();
  });

  it("creates a task and waits for it, woken by the SSE subscription (polling is off)", async () => {
    const task = await client.tasks.create.mutate({ payload: "int-1" });
    expect(task).toMatchObject({ payload: "int-1", status: "PENDING" });
    const worker = completeLater([task.id]);
    const started = Date.now();
    const done = await client.waitFor(task.id, { pollMs: 60_000, timeoutMs: 10_000 });
    await worker;
    expect(done).toMatchObject({ id: task.id, status: "COMPLETED" });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(authorizations).toEqual(new Set(["Bearer tps_test_key"]));
  });

  it("waits for many, one of them cancelled; a second cancel is a ConflictError", async () => {
    const { items } = await client.tasks.createMany.mutate({ payloads: ["a", "b", "c"] });
    const ids = items.map((t) => t.id);
    const canceled = await client.tasks.cancel.mutate({ id: ids[1]! });
    expect(canceled.status).toBe("CANCELED");
    const worker = completeLater([ids[0]!, ids[2]!]);
    const done = await client.waitFor(ids, { timeoutMs: 10_000 });
    await worker;
    expect(done.map((t) => t.status)).toEqual(["COMPLETED", "CANCELED", "COMPLETED"]);
    await expect(client.tasks.cancel.mutate({ id: ids[1]! })).rejects.toBeInstanceOf(ConflictError);
  });

  it("watches status changes", async () => {
    const task = await client.tasks.create.mutate({ payload: "watched" });
    const seen: string[] = [];
    const stop = client.watch([task.id], (t, previous) => seen.push(`${previous}>${t.status}`), {
      pollMs: 200,
    });
    await completeLater([task.id], 300, 500);
    await expect.poll(() => seen, { timeout: 5_000 }).toEqual(["PENDING>PROCESSING", "PROCESSING>COMPLETED"]);
    stop();
  });

  it("rejects with typed errors: not found, validation", async () => {
    const missing = await client.tasks.get.query({ id: 999_999 }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toMatchObject({ code: "NOT_FOUND", httpStatus: 404, message: "task 999999 not found" });
    await expect(client.waitFor(999_998, { timeoutMs: 5_000 })).rejects.toBeInstanceOf(NotFoundError);

    const invalid = await client.tasks.create
      .mutate({ payload: "x".repeat(70_000) })
      .catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ValidationError);
    expect(invalid).toMatchObject({ code: "VALIDATION", httpStatus: 400 });
    expect((invalid as ValidationError).fieldErrors.payload?.[0]).toContain("at most 65536 bytes");
    await expect(client.tasks.list.query({ limit: 1_000 })).rejects.toBeInstanceOf(ValidationError);
  });

  it("times out: waitFor on a task nobody works on, and a request to a server that never answers", async () => {
    const task = await client.tasks.create.mutate({ payload: "never done" });
    const waited = await client.waitFor([task.id], { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(waited).toBeInstanceOf(WaitTimeoutError);
    expect(waited).toMatchObject({ pendingIds: [task.id] });

    const silent = createServer(() => {}); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const port = (silent.address() as AddressInfo).port;
      const hanging = createTasksClient(`http://127.0.0.1:${port}`, {
        timeoutMs: 200,
        retry: { attempts: 2, baseMs: 10 },
      });
      const started = Date.now();
      await expect(hanging.tasks.get.query({ id: 1 })).rejects.toBeInstanceOf(TimeoutError);
      expect(Date.now() - started).toBeGreaterThanOrEqual(400); // two tries
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("triggers a typed task, rejects a bad input, and waits for the typed output", async () => {
    /** What `typeof add` of a `defineTask` from @tps/worker carries (see typed-tasks.test.ts). */
    type Add = { "~types"?: { type: "math.add"; input: { a: number; b: number }; output: { sum: number } } };
    await createTaskTypes(api.db).register("int-test-worker", [
      typeRegistration("math.add", {
        inputSchema: {
          type: "object",
          properties: { a: { type: "number" }, b: { type: "number" } },
          required: ["a", "b"],
          additionalProperties: false,
        },
        maxAttempts: 1,
      }),
    ]);
    const bad = await client
      .trigger("math.add", { a: 1, b: "2" }, { idempotencyKey: "int-add-bad" })
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);

    const created = await client.trigger<Add>("math.add", { a: 1, b: 2 }, { idempotencyKey: "int-add-1" });
    expect(created).toMatchObject({
      type: "math.add",
      input: { a: 1, b: 2 },
      status: "PENDING",
      output: null,
    });
    const again = await client.trigger<Add>("math.add", { a: 1, b: 2 }, { idempotencyKey: "int-add-1" });
    expect(again.id).toBe(created.id);

    const store = createWorkStore(api.db);
    const settleLater = async (
      settle: (id: number, leaseToken: string) => Parameters<typeof store.settle>[0][0],
    ) => {
      await sleep(300);
      const pending = await client.tasks.list.query({ filter: { type: "math.add", status: "PENDING" } });
      const claimed = await store.claim(
        pending.items.map((t) => t.id),
        "int-test-worker",
        60_000,
      );
      await store.settle(
        claimed.map((t) => settle(t.id, t.leaseToken)),
        "int-test-worker",
      );
    };
    const worker = settleLater((id, leaseToken) => ({
      id,
      leaseToken,
      outcome: "complete",
      output: '{"sum":3}',
    }));
    const done = await client.waitFor<Add>(created.id, { timeoutMs: 10_000 });
    await worker;
    expect(done).toMatchObject({ id: created.id, status: "COMPLETED", output: { sum: 3 } });
    expect(outputOf(done).sum).toBe(3);

    const failing = settleLater((id, leaseToken) => ({ id, leaseToken, outcome: "fail", error: "no luck" }));
    const failed = await client.triggerAndWait<Add>("math.add", { a: 2, b: 2 }, { timeoutMs: 10_000 });
    await failing;
    expect(failed).toMatchObject({ status: "FAILED", lastError: "no luck", output: null });
    expect(() => outputOf(failed)).toThrow(TaskFailedError);
  });

  it("reports a server that is not there as UnavailableError", async () => {
    const nowhere = createTasksClient("http://127.0.0.1:9", { retry: { attempts: 1, baseMs: 0 } });
    await expect(nowhere.tasks.stats.query()).rejects.toBeInstanceOf(UnavailableError);
  });
});
