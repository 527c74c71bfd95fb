import { listInput, MAX_IDEMPOTENCY_KEY_LENGTH } from "@tps/core";
import { SCHEDULE_OPENAPI, scheduleOperation } from "./openapi-schedules";
import {
  createWithPayloadSchema,
  errorSchema,
  inputSchema,
  type JsonSchema,
  ref,
  taskSchema,
  taskTypeInfoSchema,
} from "./openapi-schemas";
import { type RegisteredType, typedCreate } from "./openapi-task-types";
import { IDEMPOTENCY_KEY_HEADER, REPLAYED_HEADER } from "./rest/idempotency-header";
import { REST_ROUTES } from "./rest/rest-routes";

/** `GET /tasks` query parameters: the list procedure's filter flattened, plus sort, cursor, limit. */
function listParameters() {
  const list = inputSchema(listInput) as { properties: Record<string, JsonSchema> };
  // `direction` is tRPC's infinite-query bookkeeping, not a REST parameter.
  const { filter, direction: _direction, ...rest } = list.properties;
  const filterProps = (filter as { properties?: Record<string, JsonSchema> }).properties ?? {};
  return Object.entries({ ...filterProps, ...rest }).map(([name, schema]) => ({
    name,
    in: "query",
    required: false,
    schema,
  }));
}

const json = (schema: JsonSchema) => ({ "application/json": { schema } });
const errorResponse = (description: string) => ({ description, content: json(ref("Error")) });

/** `POST /tasks`: the key as a header, the same rules as the body's `idempotencyKey`. */
const idempotencyKeyHeader = {
  name: IDEMPOTENCY_KEY_HEADER,
  in: "header",
  required: false,
  description:
    "Names the create for 24 h within the caller's keys (a user's, or an API key's own): a retry with the key and the same type and input returns the first task (200, `Idempotent-Replayed: true`); with another type or input it is refused (409). The same as the body's `idempotencyKey`: give either, or both equal.",
  schema: { type: "string", minLength: 1, maxLength: MAX_IDEMPOTENCY_KEY_LENGTH },
};

const replayResponse = {
  description:
    "A replay: an earlier create with the same idempotency key, type and input made this task (neither created nor queued again).",
  headers: {
    [REPLAYED_HEADER]: { description: "`true` on a replay.", schema: { type: "string", const: "true" } },
  },
  content: json(ref("Task")),
};

const ERRORS: Record<string, Record<string, ReturnType<typeof errorResponse>>> = {
  "tasks.create": {
    "400": errorResponse(
      "Invalid body (a payload that is not a string or over 64 KiB, an input its type's schema refuses, an unknown type; `issues` names the fields), or an invalid `Idempotency-Key` header, or one that differs from the body's `idempotencyKey`.",
    ),
    "409": errorResponse(
      "The idempotency key was used within the last 24 h for a create of another type or input; the message names the key and which differs.",
    ),
  },
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
  "taskTypes.list": "List the registered task types: schemas, workers online, counts per status, durations",
};

/** The success body of each procedure (a Task unless listed). */
const SUCCESS: Record<string, JsonSchema> = {
  "tasks.list": ref("TaskPage"),
  "taskTypes.list": { type: "array", items: ref("TaskTypeInfo") },
};

function operation(route: (typeof REST_ROUTES)[number], createBody: JsonSchema) {
  const create = route.procedure === "tasks.create";
  const parameters =
    route.procedure === "tasks.list"
      ? listParameters()
      : route.path.includes("{id}")
        ? [{ name: "id", in: "path", required: true, schema: { type: "integer", minimum: 1 } }]
        : create
          ? [idempotencyKeyHeader]
          : [];
  const success = SUCCESS[route.procedure] ?? ref("Task");
  return {
    operationId: route.procedure.replace(".", "_"),
    summary: SUMMARY[route.procedure],
    tags: [route.procedure.startsWith("taskTypes.") ? "task-types" : "tasks"],
    ...(parameters.length ? { parameters } : {}),
    ...(create ? { requestBody: { required: true, content: json(createBody) } } : {}),
    responses: {
      [String(route.status)]: { description: create ? "Created" : "OK", content: json(success) },
      ...(create ? { "200": replayResponse } : {}),
      ...ERRORS[route.procedure],
      "401": errorResponse("Missing or invalid API key."),
      "403": errorResponse("The key's role may not do this."),
      "503": errorResponse("A dependency (database) is unavailable; try again shortly."),
    },
  };
}

/**
 * The OpenAPI 3.1 document of the REST endpoints, built from the procedures' zod input schemas and
 * the registered task types: each type's input schema is a component (`TaskInput_<type>`) and the
 * create body is `{ payload }` or one of the types' `{ type, input }`, told apart by `type`.
 */
export function openApiDocument(types: readonly RegisteredType[] = [], serverUrl = "/") {
  const typed = typedCreate(types);
  const createBody: JsonSchema = {
    description:
      "`{ type, input }` (the input is checked against the type's registered JSON Schema) or `{ payload }` (type `sleep`).",
    oneOf: [ref("CreateTaskWithPayload"), typed.body],
  };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of REST_ROUTES) {
    const path = `/api/v1${route.path}`;
    const op = route.procedure.startsWith("schedules.")
      ? scheduleOperation(route)
      : operation(route, createBody);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: op };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Task Processing System",
      version: "1.0.0",
      description:
        "REST over the same procedures as the tRPC API (/api/trpc). Errors are `{ error: { code, message } }`, plus `issues` (the fields at fault) on a 400.",
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    tags: [{ name: "tasks" }, { name: "task-types" }, { name: "schedules" }],
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
        TaskTypeInfo: taskTypeInfoSchema,
        ...SCHEDULE_OPENAPI.schemas,
        CreateTaskWithPayload: createWithPayloadSchema,
        ...typed.schemas,
        Error: errorSchema,
      },
    },
  };
}
