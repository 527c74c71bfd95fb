import { describe, expect, it } from "vitest";
import { openApiHandler } from "../openapi-response";
import { MATH_ADD, restApiHarness } from "./rest.test-util";

/** Typed creates through the REST route handler: inputs checked against the registered types' schemas. */
describe("REST /api/v1 typed tasks on real PostgreSQL, RabbitMQ and Redis", () => {
  const h = restApiHarness();

  it("creates a typed task: type and input round-trip, with output and progress, and list filters by type", async () => {
    const created = await h.call("POST", "/tasks", { type: "math.add", input: { a: 1, b: 2 } });
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
    const got = await h.call("GET", `/tasks/${created.body.id}`);
    expect(got.body).toMatchObject({ id: created.body.id, type: "math.add", input: { a: 1, b: 2 } });

    const sleeper = await h.call("POST", "/tasks", { type: "sleep", input: "rest typed sleep" });
    expect(sleeper.body).toMatchObject({
      type: "sleep",
      input: "rest typed sleep",
      payload: "rest typed sleep",
    });

    const ofType = (type: string) =>
      h
        .call("GET", `/tasks?type=${type}&limit=100`)
        .then((r) => r.body.items as { id: number; type: string }[]);
    const math = await ofType("math.add");
    expect(math.map((t) => t.id)).toEqual([created.body.id]);
    const sleeps = await ofType("sleep");
    expect(sleeps.map((t) => t.id)).toContain(sleeper.body.id);
    expect(sleeps.every((t) => t.type === "sleep")).toBe(true);
    expect((await h.call("GET", "/tasks?type=Not%20A%20Type")).body).toMatchObject({
      error: { code: "BAD_REQUEST", issues: [{ path: "filter.type", message: expect.any(String) }] },
    });
  });

  it("answers 400 naming the fields when an input fails its type's schema", async () => {
    const missing = await h.call("POST", "/tasks", { type: "math.add", input: { a: 1 } });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({
      error: {
        code: "BAD_REQUEST",
        message: "invalid input: input/b: is required",
        issues: [{ path: "input/b", message: "is required" }],
      },
    });
    const wrong = await h.call("POST", "/tasks", { type: "math.add", input: { a: "one", b: 2, c: 3 } });
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
    const unknown = await h.call("POST", "/tasks", { type: "math.mul", input: { a: 1, b: 2 } });
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
      const answer = await h.call("POST", "/tasks", JSON.stringify(body));
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error, JSON.stringify(body)).toMatchObject({
        code: "BAD_REQUEST",
        message: expect.any(String),
      });
    }
    // Odd but valid inputs are stored and read back as given.
    for (const text of ["a\u0000b", "\ud800 lone surrogate", "😀 \u2028", "x".repeat(60 * 1024)]) {
      const odd = await h.call("POST", "/tasks", { type: "text.echo", input: { text } });
      expect(odd.status, text.slice(0, 20)).toBe(201);
      const got = await h.call("GET", `/tasks/${odd.body.id}`);
      expect(got.status).toBe(200);
      expect((got.body.input as { text: string }).text.length).toBe(text.length);
    }
    const tooBig = await h.call("POST", "/tasks", {
      type: "text.echo",
      input: { text: "x".repeat(70 * 1024) },
    });
    expect(tooBig.body.error).toMatchObject({ code: "BAD_REQUEST", issues: [{ path: "input" }] });

    const noInput = await h.call("POST", "/tasks", { type: "math.add" });
    expect(noInput.body.error).toMatchObject({ issues: [{ path: "", message: expect.any(String) }] });
    const payloadOfType = await h.call("POST", "/tasks", { type: "math.add", payload: "x" });
    expect(payloadOfType.body.error).toMatchObject({
      issues: [{ path: "payload", message: expect.any(String) }],
    });
  });

  it("lists the registered task types", async () => {
    const types = await h.call("GET", "/task-types");
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
    expect((await h.call("POST", "/task-types")).status).toBe(405);
  });

  it("serves /api/openapi.json with each registered type's input schema to a caller who may list types", async () => {
    const { principal, ...context } = h.api.context;
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
