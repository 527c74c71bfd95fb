import { ACCESS, type RestProcedure } from "@tps/api";
import { MAX_IDEMPOTENCY_KEY_LENGTH } from "@tps/core";
import { bodyOf, parametersOf } from "./openapi-parameters";
import { RESULT_SCHEMAS } from "./openapi-results";
import { SCHEDULE_SCHEMAS } from "./openapi-schedules";
import {
  createWithPayloadSchema,
  errorSchema,
  type JsonSchema,
  ref,
  TASK_SCHEMAS,
  taskTypeInfoSchema,
} from "./openapi-schemas";
import { type RegisteredType, typedCreate } from "./openapi-task-types";
import { IDEMPOTENCY_KEY_HEADER, REPLAYED_HEADER } from "./rest/idempotency-header";
import { REST_ROUTES, type RestRoute } from "./rest/rest-routes";

/** The one create whose body depends on the registered types and which takes a key header. */
const CREATE: RestProcedure = "tasks.create";

const json = (schema: JsonSchema) => ({ "application/json": { schema } });
const errorResponse = (description: string) => ({ description, content: json(ref("Error")) });

/** A contract's `response`: a component, or `Name[]` for an array of them. */
const responseSchema = (name: string): JsonSchema =>
  name.endsWith("[]") ? { type: "array", items: ref(name.slice(0, -2)) } : ref(name);

/** `Retry-After` in whole seconds; always on a 429, on a 503 when the server is busy. */
const retryAfter = (required: boolean, description: string) => ({
  "Retry-After": { description, required, schema: { type: "integer", minimum: 1 } },
});

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

/** The answers every operation may give besides its own: who may call, size, rate and load. */
function commonResponses(route: RestRoute) {
  const hasBody = route.method === "POST" || route.method === "PATCH";
  return {
    "401": errorResponse("Missing or invalid API key."),
    "403": errorResponse(`The caller may not do this: it needs the ${ACCESS[route.procedure]} role.`),
    ...(hasBody ? { "413": errorResponse("The request body is over the server's size cap.") } : {}),
    "429": {
      ...errorResponse(
        "Over one of the caller's rate limits, or refused (401/403) too often lately; try again after `Retry-After` seconds.",
      ),
      headers: retryAfter(true, "Seconds to wait before trying again."),
    },
    "503": {
      ...errorResponse("Busy, or a dependency (database, queue) is unavailable; try again shortly."),
      headers: retryAfter(false, "Seconds to wait; sent when every request place is taken."),
    },
  };
}

/** One route's operation, all of it from the contract, the route's binding and the procedure's input. */
function operation(route: RestRoute, createBody: JsonSchema) {
  const create = route.procedure === CREATE;
  const parameters = [...parametersOf(route), ...(create ? [idempotencyKeyHeader] : [])];
  const body = create ? createBody : bodyOf(route);
  const errors = Object.entries(route.errors).map(([status, about]) => [status, errorResponse(about)]);
  return {
    operationId: route.procedure.replace(".", "_"),
    summary: route.summary,
    tags: [route.tag],
    ...(parameters.length ? { parameters } : {}),
    ...(body ? { requestBody: { required: true, content: json(body) } } : {}),
    responses: {
      [String(route.status)]: {
        description: route.status === 201 ? "Created" : "OK",
        content: json(responseSchema(route.response)),
      },
      ...(create ? { "200": replayResponse } : {}),
      ...Object.fromEntries(errors),
      ...commonResponses(route),
    },
  };
}

/**
 * The OpenAPI 3.1 document of the REST endpoints, built from the procedures' contract and zod input
 * schemas and the registered task types: each type's input schema is a component (`TaskInput_<type>`)
 * and the create body is `{ payload }` or one of the types' `{ type, input }`, told apart by `type`.
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
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(route, createBody) };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Task Processing System",
      version: "1.0.0",
      description:
        "REST over the same procedures as the tRPC API (/api/trpc). Errors are `{ error: { code, message } }`, plus `issues` (the fields at fault) on a 400. A 429 always carries `Retry-After` (seconds).",
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    tags: [{ name: "tasks" }, { name: "task-types" }, { name: "schedules" }, { name: "dead-letters" }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An API key: `Authorization: Bearer <key>`." },
      },
      schemas: {
        ...TASK_SCHEMAS,
        ...RESULT_SCHEMAS,
        TaskTypeInfo: taskTypeInfoSchema,
        ...SCHEDULE_SCHEMAS,
        CreateTaskWithPayload: createWithPayloadSchema,
        ...typed.schemas,
        Error: errorSchema,
      },
    },
  };
}
