import { Validator } from "@seriousme/openapi-schema-validator";
import type { JsonValue } from "@tps/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { openApiDocument } from "./openapi";
import { embeddedSchema } from "./openapi-task-types";
import { LIST_QUERY_PARAMS, REST_ROUTES } from "./rest/rest-routes";
import { createBodyValidator } from "./testing/openapi-create-body";

const json = (schema: unknown) => JSON.parse(JSON.stringify(schema)) as JsonValue;

/** Registered types as workers register them: JSON Schemas from zod, `$schema` and all. */
const Node: z.ZodType<{ name: string; children: unknown[] }> = z.lazy(() =>
  z.object({ name: z.string(), children: z.array(Node) }),
);
const TYPES = [
  { type: "sleep", inputSchema: json(z.toJSONSchema(z.string())), outputSchema: null },
  {
    type: "math.add",
    inputSchema: json(z.toJSONSchema(z.object({ a: z.number(), b: z.number() }))),
    outputSchema: json(z.toJSONSchema(z.object({ sum: z.number() }))),
  },
  { type: "tree.walk", inputSchema: json(z.toJSONSchema(z.object({ root: Node }))), outputSchema: null },
];

describe("OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator();
    const result = await validator.validate(openApiDocument());
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("is still valid with registered types, each type's input schema a component without `$schema`", async () => {
    const doc = openApiDocument(TYPES);
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);

    const schemas = doc.components.schemas as Record<string, Record<string, unknown>>;
    const { $schema: _s, ...mathInput } = TYPES[1]!.inputSchema as Record<string, unknown>;
    expect(schemas["TaskInput_math.add"]).toEqual(mathInput);
    expect(schemas["TaskOutput_math.add"]).toMatchObject({ properties: { sum: { type: "number" } } });
    expect(schemas.TaskInput_sleep).toEqual({ type: "string" });
    expect(schemas.TaskOutput_sleep).toBeUndefined();
    for (const [key, schema] of Object.entries(schemas)) {
      expect(key).toMatch(/^[a-zA-Z0-9._-]+$/);
      expect(JSON.stringify(schema), key).not.toContain('"$schema"');
    }
    expect(schemas["CreateTask_math.add"]).toMatchObject({
      required: ["type", "input"],
      properties: { type: { const: "math.add" }, input: { $ref: "#/components/schemas/TaskInput_math.add" } },
    });
  });

  it("documents both create forms: `{ payload }`, or `{ type, input }` told apart by type", () => {
    const doc = openApiDocument(TYPES);
    const body = (doc.paths["/api/v1/tasks"] as { post: { requestBody: { content: object } } }).post
      .requestBody.content as Record<string, { schema: { oneOf: Record<string, unknown>[] } }>;
    const [payloadForm, typedForm] = body["application/json"]!.schema.oneOf;
    expect(payloadForm).toEqual({ $ref: "#/components/schemas/CreateTaskWithPayload" });
    expect(typedForm).toMatchObject({
      discriminator: {
        propertyName: "type",
        mapping: {
          "math.add": "#/components/schemas/CreateTask_math.add",
          sleep: "#/components/schemas/CreateTask_sleep",
          "tree.walk": "#/components/schemas/CreateTask_tree.walk",
        },
      },
    });

    const valid = createBodyValidator(doc);
    expect(valid({ payload: "hello" })).toBe(true);
    expect(valid({ payload: "hello", idempotencyKey: "k1" })).toBe(true);
    expect(valid({ type: "math.add", input: { a: 1, b: 2 } })).toBe(true);
    expect(valid({ type: "sleep", input: "hello" })).toBe(true);
    expect(
      valid({ type: "tree.walk", input: { root: { name: "a", children: [{ name: "b", children: [] }] } } }),
    ).toBe(true);
    expect(
      valid({ type: "tree.walk", input: { root: { name: "a", children: [{ name: 1, children: [] }] } } }),
    ).toBe(false);
    expect(valid({ type: "math.add", input: { a: 1 } })).toBe(false);
    expect(valid({ type: "math.mul", input: { a: 1, b: 2 } })).toBe(false);
    expect(valid({ type: "math.add", payload: "x" })).toBe(false);

    // Without registered types (an anonymous caller), the typed form is the generic one.
    const generic = createBodyValidator(openApiDocument());
    expect(generic({ type: "anything", input: { x: 1 } })).toBe(true);
    expect(generic({ payload: "hello" })).toBe(true);
    expect(generic({ payload: 5 })).toBe(false);
  });

  it("re-roots a registered schema's local references under its component", () => {
    const tree = TYPES[2]!.inputSchema as Record<string, unknown>;
    expect(JSON.stringify(tree)).toContain('"#/$defs/');
    const embedded = embeddedSchema({ ...tree, $id: "urn:x" }, "TaskInput_tree.walk");
    expect(JSON.stringify(embedded)).not.toContain('"#/$defs/');
    expect(JSON.stringify(embedded)).toContain('"#/components/schemas/TaskInput_tree.walk/$defs/');
    expect(embedded).not.toHaveProperty("$id");
    expect(embeddedSchema(true, "k")).toBe(true);
    expect(embeddedSchema("nonsense", "k")).toMatchObject({ description: expect.any(String) });
  });

  it("describes every REST route, with bearer auth and the error shape", () => {
    const doc = openApiDocument();
    for (const route of REST_ROUTES) {
      const op = (doc.paths[`/api/v1${route.path}`] as Record<string, { responses: object }>)[
        route.method.toLowerCase()
      ];
      expect(op, `${route.method} ${route.path}`).toBeDefined();
      expect(Object.keys(op!.responses)).toContain(String(route.status));
    }
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.components.schemas.Task).toMatchObject({
      required: expect.arrayContaining(["type", "input", "output", "progress"]),
    });
    expect(doc.components.schemas.Error).toMatchObject({
      properties: { error: { properties: { issues: { type: "array" } } } },
    });
    expect(doc.security).toEqual([{ bearer: [] }]);
  });

  it("documents 401, 403, 429 and 503 on every operation, 413 where there is a body, Retry-After in seconds", () => {
    type Response = { headers?: Record<string, { required?: boolean; schema: object }> };
    const doc = openApiDocument();
    for (const route of REST_ROUTES) {
      const op = (
        doc.paths[`/api/v1${route.path}`] as Record<string, { responses: Record<string, Response> }>
      )[route.method.toLowerCase()]!;
      const name = `${route.method} ${route.path}`;
      expect(Object.keys(op.responses), name).toEqual(expect.arrayContaining(["401", "403", "429", "503"]));
      expect("413" in op.responses, name).toBe(route.method === "POST" || route.method === "PATCH");
      const seconds = { schema: { type: "integer", minimum: 1 } };
      expect(op.responses["429"]?.headers?.["Retry-After"], name).toMatchObject({
        required: true,
        ...seconds,
      });
      expect(op.responses["503"]?.headers?.["Retry-After"], name).toMatchObject(seconds);
    }
  });

  it("takes list filters as query parameters from the list procedure's schema", () => {
    const list = (doc: ReturnType<typeof openApiDocument>) =>
      (doc.paths["/api/v1/tasks"] as { get: { parameters: { name: string }[] } }).get.parameters;
    // The same parameters, in the same order, as the REST route reads from the query string.
    expect(list(openApiDocument()).map((p) => p.name)).toEqual([...LIST_QUERY_PARAMS]);
  });
});
