import { createTaskTypes } from "@tps/infra";
import { createTestApi } from "@tps/infra/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { BUSY_MESSAGE, createAdmission } from "../admission";
import { openApiHandler } from "../openapi-response";
import { createRestHandler } from "./rest-handler";

const BASE = "http://127.0.0.1:3000/api/v1";

/** A registered non-sleep type, as a worker would register it (its input's JSON Schema from zod). */
const MATH_ADD = {
  type: "math.add",
  inputSchema: z.toJSONSchema(z.object({ a: z.number(), b: z.number() })),
  outputSchema: null,
  maxAttempts: 3,
  timeoutMs: null,
};
/** A type whose input takes any text, to reach the store with odd strings. */
const TEXT_ECHO = {
  ...MATH_ADD,
  type: "text.echo",
  inputSchema: z.toJSONSchema(z.object({ text: z.string() })),
};

/** The REST endpoints through their route handler, on a real database, queue and Redis. */
describe("REST /api/v1 on real PostgreSQL, RabbitMQ and Redis", () => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let handle: (req: Request) => Promise<Response>;
  const seenHeaders: Headers[] = [];
  const admission = createAdmission(4);

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await handle(
      new Request(`${BASE}${path}`, {
        method,
        headers: { authorization: "Bearer tps_test_key", "content-type": "application/json" },
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      }),
    );
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    api = await createTestApi(inject("templateDatabaseUrl"));
    handle = createRestHandler({
      createContext: (req) => {
        seenHeaders.push(req.headers);
        // No bearer key: an anonymous caller, refused by the procedures' access check.
        return req.headers.has("authorization") ? api.context : { ...api.context, principal: null };
      },
      maxBodyBytes: 256 * 1024,
      admission,
    });
    await createTaskTypes(api.db).register("test-worker", [MATH_ADD, TEXT_ECHO]);
  });
  afterAll(() => api?.dispose());

  it("answers 503 with Retry-After at once while every place is taken, in the one error shape", async () => {
    const taken = [0, 1, 2, 3].filter(() => admission.enter()).length;
    expect(taken).toBe(4);
    try {
      const busy = await call("GET", "/tasks");
      expect(busy.status).toBe(503);
      expect(busy.headers.get("retry-after")).toBe("1");
      expect(busy.body).toEqual({ error: { code: "SERVICE_UNAVAILABLE", message: BUSY_MESSAGE } });
    } finally {
      for (let i = 0; i < taken; i++) admission.leave();
    }
    expect((await call("GET", "/tasks")).status).toBe(200);
  });

  it("creates a task (201, Location) and gets it; the context sees the bearer header", async () => {
    const created = await call("POST", "/tasks", { payload: "rest hello" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ payload: "rest hello", status: "PENDING", attempts: 0 });
    expect(created.headers.get("location")).toBe(`/api/v1/tasks/${created.body.id}`);
    expect(seenHeaders.at(-1)?.get("authorization")).toBe("Bearer tps_test_key");

    const got = await call("GET", `/tasks/${created.body.id}`);
    expect(got.status).toBe(200);
    const { publishedAt: _p, updatedAt: _u, ...same } = created.body;
    expect(got.body).toMatchObject(same);
    expect(got.body.publishedAt).not.toBeNull();
  });

  it("answers 401 to an anonymous caller and 413 to a body over the cap, in the one error shape", async () => {
    const anonymous = await handle(new Request(`${BASE}/tasks`, { method: "GET" }));
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: "UNAUTHORIZED" } });
    const huge = await call("POST", "/tasks", { payload: "x".repeat(300 * 1024) });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE" } });
  });

  it("lists with filter query parameters and a cursor", async () => {
    for (const payload of ["rest-list-a", "rest-list-b", "rest-list-c"])
      await call("POST", "/tasks", { payload });
    const first = await call("GET", "/tasks?search=rest-list&status=PENDING&limit=2");
    expect(first.status).toBe(200);
    const items = first.body.items as { payload: string }[];
    expect(items.map((t) => t.payload)).toEqual(["rest-list-c", "rest-list-b"]);
    const next = await call("GET", `/tasks?search=rest-list&limit=2&cursor=${first.body.nextCursor}`);
    expect((next.body.items as { payload: string }[]).map((t) => t.payload)).toEqual(["rest-list-a"]);
    expect(next.body.nextCursor).toBeNull();
  });

  it("cancels a PENDING task, then answers 409 on a second cancel", async () => {
    const { body: task } = await call("POST", "/tasks", { payload: "rest cancel me" });
    const canceled = await call("POST", `/tasks/${task.id}/cancel`);
    expect(canceled.status).toBe(200);
    expect(canceled.body).toMatchObject({ id: task.id, status: "CANCELED" });
    const again = await call("POST", `/tasks/${task.id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ error: { code: "CONFLICT", message: expect.any(String) } });
  });

  it("retries a FAILED task, and answers 409 for one that is not FAILED", async () => {
    const { body: task } = await call("POST", "/tasks", { payload: "rest retry me" });
    expect((await call("POST", `/tasks/${task.id}/retry`)).status).toBe(409);
    await api.db.$executeRaw`
      UPDATE tasks SET status = 'FAILED', attempts = max_attempts, last_error = 'boom', finished_at = now()
      WHERE id = ${task.id as number}`;
    const retried = await call("POST", `/tasks/${task.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id: task.id, status: "PENDING", attempts: 0 });
  });

  it("answers 404 for a missing task and for an unknown endpoint, 405 for a wrong method", async () => {
    const missing = await call("GET", "/tasks/999999");
    expect(missing).toMatchObject({
      status: 404,
      body: { error: { code: "NOT_FOUND", message: "task 999999 not found" } },
    });
    expect((await call("POST", "/tasks/999999/cancel")).status).toBe(404);
    expect((await call("GET", "/nope")).body).toMatchObject({ error: { code: "NOT_FOUND" } });
    expect((await call("DELETE", "/tasks/1")).status).toBe(405);
  });

  it("answers 400 with a readable message for bad input", async () => {
    const notString = await call("POST", "/tasks", { payload: 5 });
    expect(notString).toMatchObject({
      status: 400,
      body: { error: { code: "BAD_REQUEST", message: "payload: payload must be a string" } },
    });
    expect((await call("POST", "/tasks", "{not json")).body).toEqual({
      error: { code: "BAD_REQUEST", message: "request body is not valid JSON" },
    });
    expect((await call("GET", "/tasks/abc")).status).toBe(400);
    expect((await call("GET", "/tasks?limit=500")).status).toBe(400);
    expect((await call("GET", "/tasks?status=DONE")).body).toMatchObject({
      error: { code: "BAD_REQUEST", message: expect.stringContaining("filter.status") },
    });
    // A misspelt filter is refused by name instead of listing every task (issue 20, finding 5).
    expect((await call("GET", "/tasks?statuss=FAILED")).body).toMatchObject({
      error: { code: "BAD_REQUEST", message: expect.stringContaining("statuss") },
    });
    expect((await call("POST", "/tasks", { payload: "p", urgency: 1 })).status).toBe(400);
    expect((await call("POST", "/tasks", { payload: "p", priority: 10 })).body).toMatchObject({
      error: { code: "BAD_REQUEST", message: expect.stringContaining("priority") },
    });
  });

  it("creates a typed task: type and input round-trip, with output and progress, and list filters by type", async () => {
    const created = await call("POST", "/tasks", { type: "math.add", input: { a: 1, b: 2 } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      type: "math.add",
      input: { a: 1, b: 2 },
      payload: '{"a":1,"b":2}',
      status: "PENDING",
      maxAttempts: 3,
      output: null,
      progress: null,
      lastError: null,
    });
    const got = await call("GET", `/tasks/${created.body.id}`);
    expect(got.body).toMatchObject({ id: created.body.id, type: "math.add", input: { a: 1, b: 2 } });

    const sleeper = await call("POST", "/tasks", { type: "sleep", input: "rest typed sleep" });
    expect(sleeper.body).toMatchObject({
      type: "sleep",
      input: "rest typed sleep",
      payload: "rest typed sleep",
    });

    const ofType = (type: string) =>
      call("GET", `/tasks?type=${type}&limit=100`).then(
        (r) => r.body.items as { id: number; type: string }[],
      );
    const math = await ofType("math.add");
    expect(math.map((t) => t.id)).toEqual([created.body.id]);
    const sleeps = await ofType("sleep");
    expect(sleeps.map((t) => t.id)).toContain(sleeper.body.id);
    expect(sleeps.every((t) => t.type === "sleep")).toBe(true);
    expect((await call("GET", "/tasks?type=Not%20A%20Type")).body).toMatchObject({
      error: { code: "BAD_REQUEST", issues: [{ path: "filter.type", message: expect.any(String) }] },
    });
  });

  it("answers 400 naming the fields when an input fails its type's schema", async () => {
    const missing = await call("POST", "/tasks", { type: "math.add", input: { a: 1 } });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({
      error: {
        code: "BAD_REQUEST",
        message: "invalid input: input/b: is required",
        issues: [{ path: "input/b", message: "is required" }],
      },
    });
    const wrong = await call("POST", "/tasks", { type: "math.add", input: { a: "one", b: 2, c: 3 } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toEqual({
      code: "BAD_REQUEST",
      message: "invalid input: input/c: is not allowed; input/a: must be number",
      issues: [
        { path: "input/c", message: "is not allowed" },
        { path: "input/a", message: "must be number" },
      ],
    });
  });

  it("answers 400 listing the known types for an unknown type", async () => {
    const unknown = await call("POST", "/tasks", { type: "math.mul", input: { a: 1, b: 2 } });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({
      error: {
        code: "BAD_REQUEST",
        message: 'unknown task type "math.mul": known types are math.add, sleep, text.echo',
        issues: [{ path: "type", message: 'unknown task type "math.mul"' }],
      },
    });
  });

  it("answers 4xx, never 500, to malformed creates, with the fields at fault", async () => {
    const bodies: unknown[] = [
      null,
      [],
      "just text",
      {},
      { type: 5, input: 1 },
      { type: "Bad Type!", input: 1 },
      { type: "math.add" },
      { input: { a: 1, b: 2 } },
      { type: "math.add", payload: "x" },
      { type: "math.add", input: { a: 1, b: 2 }, payload: "x" },
      { type: "math.add", input: null },
      { type: "math.add", input: { a: 1, b: 2 }, extra: true },
      { type: "math.add", input: { a: 1, b: 2 }, idempotencyKey: "" },
      { type: "math.add", input: { a: "\u0000", b: 2 } },
      { type: "math.add", input: { a: 1e308 * 10, b: 2 } },
    ];
    for (const body of bodies) {
      const answer = await call("POST", "/tasks", JSON.stringify(body));
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error, JSON.stringify(body)).toMatchObject({
        code: "BAD_REQUEST",
        message: expect.any(String),
      });
    }
    // Odd but valid inputs are stored and read back as given.
    for (const text of ["a\u0000b", "\ud800 lone surrogate", "😀 \u2028", "x".repeat(60 * 1024)]) {
      const odd = await call("POST", "/tasks", { type: "text.echo", input: { text } });
      expect(odd.status, text.slice(0, 20)).toBe(201);
      const got = await call("GET", `/tasks/${odd.body.id}`);
      expect(got.status).toBe(200);
      expect((got.body.input as { text: string }).text.length).toBe(text.length);
    }
    const tooBig = await call("POST", "/tasks", {
      type: "text.echo",
      input: { text: "x".repeat(70 * 1024) },
    });
    expect(tooBig.body.error).toMatchObject({ code: "BAD_REQUEST", issues: [{ path: "input" }] });

    const noInput = await call("POST", "/tasks", { type: "math.add" });
    expect(noInput.body.error).toMatchObject({ issues: [{ path: "", message: expect.any(String) }] });
    const payloadOfType = await call("POST", "/tasks", { type: "math.add", payload: "x" });
    expect(payloadOfType.body.error).toMatchObject({
      issues: [{ path: "payload", message: expect.any(String) }],
    });
  });

  it("lists the registered task types", async () => {
    const types = await call("GET", "/task-types");
    expect(types.status).toBe(200);
    const list = types.body as unknown as { type: string; inputSchema: unknown; workersOnline: number }[];
    expect(list.map((t) => t.type)).toEqual(["math.add", "sleep", "text.echo"]);
    expect(list[0]).toMatchObject({
      type: "math.add",
      inputSchema: MATH_ADD.inputSchema,
      outputSchema: null,
      maxAttempts: 3,
      registeredBy: "test-worker",
      workersOnline: 0,
      counts: { PENDING: expect.any(Number), PROCESSING: 0, COMPLETED: 0, CANCELED: 0, FAILED: 0 },
    });
    expect((await call("POST", "/task-types")).status).toBe(405);
  });

  it("serves /api/openapi.json with each registered type's input schema to a caller who may list types", async () => {
    const { principal, ...context } = api.context;
    const serve = openApiHandler(() => ({
      context,
      resolvePrincipal: async (headers) => (headers.has("authorization") ? principal : null),
    }));
    type Doc = { components: { schemas: Record<string, unknown> } };
    const signedIn = await serve(
      new Request("http://127.0.0.1:3000/api/openapi.json", { headers: { authorization: "Bearer k" } }),
    );
    expect(signedIn.headers.get("cache-control")).toBe("private, no-cache");
    const { $schema: _s, ...mathInput } = MATH_ADD.inputSchema;
    const schemas = ((await signedIn.json()) as Doc).components.schemas;
    expect(schemas["TaskInput_math.add"]).toEqual(mathInput);
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining(["CreateTask_math.add", "CreateTask_sleep", "CreateTask_text.echo"]),
    );

    const anonymous = await serve(new Request("http://127.0.0.1:3000/api/openapi.json"));
    const generic = ((await anonymous.json()) as Doc).components.schemas;
    expect(generic["TaskInput_math.add"]).toBeUndefined();
    expect(generic.CreateTypedTask).toBeDefined();
  });
});
