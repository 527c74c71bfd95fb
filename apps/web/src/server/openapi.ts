import { createInput, listInput, MAX_PAYLOAD_BYTES, TASK_STATUSES } from "@tps/core";
import { z } from "zod";
import { REST_ROUTES } from "./rest/rest-routes";

type JsonSchema = Record<string, unknown>;

/** JSON Schema of a zod input schema, as OpenAPI 3.1 embeds it (no `$schema` of its own). */
function inputSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
  return rest;
}

const nullableTime = { type: ["string", "null"], format: "date-time" };
const time = { type: "string", format: "date-time" };

/** The task as every endpoint returns it (packages/core's `Task`). */
const taskSchema: JsonSchema = {
  type: "object",
  required: [
    "id",
    "payload",
    "status",
    "attempts",
    "maxAttempts",
    "lastError",
    "createdAt",
    "publishedAt",
    "startedAt",
    "finishedAt",
    "canceledAt",
    "updatedAt",
    "nextAttemptAt",
  ],
  properties: {
    id: { type: "integer", minimum: 1 },
    payload: { type: "string", description: `At most ${MAX_PAYLOAD_BYTES} bytes (UTF-8).` },
    status: { type: "string", enum: [...TASK_STATUSES] },
    attempts: { type: "integer", minimum: 0 },
    maxAttempts: { type: "integer", minimum: 1 },
    lastError: { type: ["string", "null"] },
    createdAt: time,
    publishedAt: nullableTime,
    startedAt: nullableTime,
    finishedAt: nullableTime,
    canceledAt: nullableTime,
    updatedAt: time,
    nextAttemptAt: {
      ...nullableTime,
      description: "PENDING only: when its next attempt may start (the end of a backoff). Null otherwise.",
    },
  },
};

const errorSchema: JsonSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", description: "The tRPC error code, e.g. NOT_FOUND, CONFLICT, BAD_REQUEST." },
        message: { type: "string" },
      },
    },
  },
};

/** `GET /tasks` query parameters: the list procedure's filter flattened, plus sort, cursor, limit. */
function listParameters() {
  const list = inputSchema(listInput) as { properties: Record<string, JsonSchema> };
  const { filter, ...rest } = list.properties;
  const filterProps = (filter as { properties?: Record<string, JsonSchema> }).properties ?? {};
  return Object.entries({ ...filterProps, ...rest }).map(([name, schema]) => ({
    name,
    in: "query",
    required: false,
    schema,
  }));
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema) => ({ "application/json": { schema } });
const errorResponse = (description: string) => ({ description, content: json(ref("Error")) });

const ERRORS: Record<string, Record<string, ReturnType<typeof errorResponse>>> = {
  "tasks.create": { "400": errorResponse("Invalid payload (not a string, or over 64 KiB).") },
  "tasks.list": { "400": errorResponse("Invalid filter, sort, cursor or limit.") },
  "tasks.get": { "400": errorResponse("Invalid id."), "404": errorResponse("No such task.") },
  "tasks.cancel": {
    "400": errorResponse("Invalid id."),
    "404": errorResponse("No such task."),
    "409": errorResponse("The task is not PENDING or PROCESSING."),
  },
  "tasks.retry": {
    "400": errorResponse("Invalid id."),
    "404": errorResponse("No such task."),
    "409": errorResponse("The task is not FAILED."),
  },
  "tasks.retryNow": {
    "400": errorResponse("Invalid id."),
    "404": errorResponse("No such task."),
    "409": errorResponse("The task is not PENDING and waiting for its next attempt."),
  },
};

const SUMMARY: Record<string, string> = {
  "tasks.create": "Create a task (stored PENDING and queued)",
  "tasks.list": "List tasks, newest first (or most recently finished), one page at a time",
  "tasks.get": "Get one task",
  "tasks.cancel": "Cancel a PENDING or PROCESSING task (running work stops within a second)",
  "tasks.retry": "Retry a FAILED task with a fresh set of attempts",
  "tasks.retryNow": "Skip the rest of a PENDING task's backoff: its next attempt starts now",
};

function operation(route: (typeof REST_ROUTES)[number]) {
  const parameters =
    route.procedure === "tasks.list"
      ? listParameters()
      : route.path.includes("{id}")
        ? [{ name: "id", in: "path", required: true, schema: { type: "integer", minimum: 1 } }]
        : [];
  const success = route.procedure === "tasks.list" ? ref("TaskPage") : ref("Task");
  return {
    operationId: route.procedure.replace(".", "_"),
    summary: SUMMARY[route.procedure],
    tags: ["tasks"],
    ...(parameters.length ? { parameters } : {}),
    ...(route.procedure === "tasks.create"
      ? { requestBody: { required: true, content: json(inputSchema(createInput)) } }
      : {}),
    responses: {
      [String(route.status)]: { description: "OK", content: json(success) },
      ...ERRORS[route.procedure],
      "401": errorResponse("Missing or invalid API key."),
      "403": errorResponse("The key's role may not do this."),
      "503": errorResponse("A dependency (database) is unavailable; try again shortly."),
    },
  };
}

/** The OpenAPI 3.1 document of the REST endpoints, built from the procedures' zod input schemas. */
export function openApiDocument(serverUrl = "/") {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of REST_ROUTES) {
    const path = `/api/v1${route.path}`;
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(route) };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Task Processing System",
      version: "1.0.0",
      description:
        "REST over the same procedures as the tRPC API (/api/trpc). Errors are `{ error: { code, message } }`.",
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    tags: [{ name: "tasks" }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An API key: `Authorization: Bearer <key>`." },
      },
      schemas: {
        Task: taskSchema,
        TaskPage: {
          type: "object",
          required: ["items", "nextCursor"],
          properties: {
            items: { type: "array", items: ref("Task") },
            nextCursor: { type: ["string", "null"], description: "Pass as `cursor` for the next page." },
          },
        },
        Error: errorSchema,
      },
    },
  };
}
