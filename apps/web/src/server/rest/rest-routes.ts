import type { createCaller } from "@tps/api";
import { replayReply, withIdempotencyKey } from "./idempotency-header";

type Caller = ReturnType<typeof createCaller>;

/**
 * What a REST call hands its procedure: the JSON body (POST), the query string, the `{id}` segment
 * and the request's headers.
 */
export interface RestInput {
  body: unknown;
  query: URLSearchParams;
  id: string | undefined;
  headers: Headers;
}

export interface RestRoute {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** OpenAPI path template, relative to /api/v1. */
  path: string;
  /** The tRPC procedure it calls (same validation, authorization and errors). */
  procedure: string;
  /** The HTTP status of a success. */
  status: 200 | 201;
  call(caller: Caller, input: RestInput): Promise<unknown>;
  /** How a success is answered when not as `status` with the result as it is. */
  reply?(result: unknown): RestReply;
  /** A 201's `Location` (what was created), when not a task's. */
  location?(result: unknown): string;
}

/** A success as the route answers it: status, body and extra response headers. */
export interface RestReply {
  status: 200 | 201;
  body: unknown;
  headers?: Record<string, string>;
}

/** The query parameters `GET /tasks` takes, in the order the OpenAPI document lists them. */
export const LIST_QUERY_PARAMS = [
  "status",
  "type",
  "search",
  "createdFrom",
  "createdTo",
  "sort",
  "cursor",
  "limit",
] as const;
const LIST_PARAMS = new Set<string>(LIST_QUERY_PARAMS);

/**
 * Query parameters of `GET /tasks`, as the list procedure's input (zod validates and reports). A
 * parameter it does not know is passed on as a key of its own, which the procedure's strict input
 * refuses by name (a misspelt filter must not list everything).
 */
export function listInputFromQuery(query: URLSearchParams) {
  const unknown = Object.fromEntries(
    [...query.keys()].filter((k) => !LIST_PARAMS.has(k)).map((k) => [k, query.get(k)]),
  );
  const get = (name: string) => query.get(name) ?? undefined;
  const filter = {
    status: get("status"),
    type: get("type"),
    search: get("search"),
    createdFrom: get("createdFrom"),
    createdTo: get("createdTo"),
  };
  const limit = get("limit");
  return {
    ...unknown,
    filter: Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)),
    sort: get("sort"),
    cursor: get("cursor"),
    limit: limit === undefined ? undefined : Number(limit),
  };
}

// A non-number id reaches zod as NaN and comes back as a 400 naming `id`.
const idOf = ({ id }: RestInput) => ({ id: Number(id) });

/** A schedule's id (a UUID: the procedure validates it) from the path. */
const scheduleIdOf = ({ id }: RestInput) => ({ id: id ?? "" });

/** The PATCH body with the path's id; a body that is not an object goes as it is (zod refuses it). */
const withScheduleId = (input: RestInput) =>
  input.body && typeof input.body === "object" && !Array.isArray(input.body)
    ? { ...input.body, ...scheduleIdOf(input) }
    : input.body;

/** `POST /tasks/{id}/<action>`: an operator's action on one task, answered with the task. */
const taskAction = (action: string, procedure: "cancel" | "retry" | "retryNow"): RestRoute => ({
  method: "POST",
  path: `/tasks/{id}/${action}`,
  procedure: `tasks.${procedure}`,
  status: 200,
  call: (caller, input) => caller.tasks[procedure](idOf(input)),
});

/** The REST surface: one line per endpoint, each calling one procedure through a server-side caller. */
export const REST_ROUTES: RestRoute[] = [
  {
    method: "POST",
    path: "/tasks",
    procedure: "tasks.create",
    status: 201,
    // `{ type, input }` or `{ payload }`: the procedure's zod schema validates the body, then
    // admitTasks checks the input against the type's registered JSON Schema. The key may come as
    // the `Idempotency-Key` header (see idempotency-header.ts); a replay is answered 200.
    // biome-ignore lint/suspicious/noExplicitAny: the procedure's zod schema validates the body
    call: (caller, { body, headers }) => caller.tasks.create(withIdempotencyKey(body, headers) as any),
    reply: replayReply,
  },
  {
    method: "GET",
    path: "/tasks",
    procedure: "tasks.list",
    status: 200,
    // biome-ignore lint/suspicious/noExplicitAny: the procedure's zod schema validates the query
    call: (caller, { query }) => caller.tasks.list(listInputFromQuery(query) as any),
  },
  {
    method: "GET",
    path: "/tasks/{id}",
    procedure: "tasks.get",
    status: 200,
    call: (caller, input) => caller.tasks.get(idOf(input)),
  },
  taskAction("cancel", "cancel"),
  taskAction("retry", "retry"),
  taskAction("retry-now", "retryNow"),
  {
    method: "GET",
    path: "/task-types",
    procedure: "taskTypes.list",
    status: 200,
    call: (caller) => caller.taskTypes.list(),
  },
  {
    method: "POST",
    path: "/schedules",
    procedure: "schedules.create",
    status: 201,
    // biome-ignore lint/suspicious/noExplicitAny: the procedure's zod schema validates the body
    call: (caller, { body }) => caller.schedules.create(body as any),
    location: (result) => `/api/v1/schedules/${(result as { id: string }).id}`,
  },
  {
    method: "GET",
    path: "/schedules",
    procedure: "schedules.list",
    status: 200,
    call: (caller) => caller.schedules.list(),
  },
  {
    method: "GET",
    path: "/schedules/{id}",
    procedure: "schedules.get",
    status: 200,
    call: (caller, input) => caller.schedules.get(scheduleIdOf(input)),
  },
  {
    method: "PATCH",
    path: "/schedules/{id}",
    procedure: "schedules.update",
    status: 200,
    // biome-ignore lint/suspicious/noExplicitAny: the procedure's zod schema validates the body
    call: (caller, input) => caller.schedules.update(withScheduleId(input) as any),
  },
  {
    method: "DELETE",
    path: "/schedules/{id}",
    procedure: "schedules.delete",
    status: 200,
    call: (caller, input) => caller.schedules.delete(scheduleIdOf(input)),
  },
];

/** The route for a method and a path below /api/v1, with its `{id}` segment. */
export function matchRoute(
  method: string,
  path: string,
): { route: RestRoute; id?: string } | "wrong-method" | null {
  let pathMatched = false;
  for (const route of REST_ROUTES) {
    const pattern = new RegExp(`^${route.path.replace("{id}", "([^/]+)")}/?$`);
    const match = path.match(pattern);
    if (!match) continue;
    pathMatched = true;
    if (route.method === method) return { route, id: match[1] };
  }
  return pathMatched ? "wrong-method" : null;
}
