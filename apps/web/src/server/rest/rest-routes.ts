import { type createCaller, REST_CONTRACT, type RestContract, type RestProcedure } from "@tps/api";
import { replayReply, withIdempotencyKey } from "./idempotency-header";
import {
  DEAD_LETTER_QUERY_PARAMS,
  FILTER_QUERY_PARAMS,
  inputFromQuery,
  LIST_QUERY_PARAMS,
} from "./rest-query";

export { LIST_QUERY_PARAMS, listInputFromQuery } from "./rest-query";

type Caller = ReturnType<typeof createCaller>;

/**
 * What a REST call hands its procedure: the JSON body (POST, PATCH), the query string, the `{id}`
 * segment and the request's headers.
 */
export interface RestInput {
  body: unknown;
  query: URLSearchParams;
  id: string | undefined;
  headers: Headers;
}

/** A success as the route answers it: status, body and extra response headers. */
export interface RestReply {
  status: 200 | 201;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * Where a procedure's input comes from: nothing, the body, the `{id}` segment (a task's number or a
 * schedule's UUID), the body with the schedule id, or the named query parameters (rest-query.ts).
 */
export type InputSource =
  | "none"
  | "body"
  | "taskId"
  | "scheduleId"
  | "body+scheduleId"
  | { query: readonly string[] };

/** How one endpoint reaches its procedure; its path, method, status and errors are in the contract. */
export interface RestBinding {
  input: InputSource;
  /** A call other than the procedure with that input (a create's `Idempotency-Key` header). */
  call?(caller: Caller, input: RestInput): Promise<unknown>;
  /** How a success is answered when not as `status` with the result as it is. */
  reply?(result: unknown): RestReply;
  /** A 201's `Location` (what was created), when not a task's. */
  location?(result: unknown): string;
}

/** The tRPC procedure it calls (same validation, authorization and errors) and how. */
export type RestRoute = RestContract & { procedure: RestProcedure } & RestBinding;

/** A schedule's id (a UUID: the procedure validates it) from the path. */
const scheduleIdOf = ({ id }: RestInput) => ({ id: id ?? "" });

/** The body with the path's id; a body that is not an object goes as it is (zod refuses it). */
const withScheduleId = (input: RestInput) =>
  input.body && typeof input.body === "object" && !Array.isArray(input.body)
    ? { ...input.body, ...scheduleIdOf(input) }
    : input.body;

function inputOf(source: InputSource, input: RestInput): unknown {
  if (typeof source === "object") return inputFromQuery(input.query, source.query);
  switch (source) {
    case "none":
      return undefined;
    case "body":
      return input.body;
    case "taskId":
      // A non-number id reaches zod as NaN and comes back as a 400 naming `id`.
      return { id: Number(input.id) };
    case "scheduleId":
      return scheduleIdOf(input);
    case "body+scheduleId":
      return withScheduleId(input);
  }
}

type Procedure = (input: unknown) => Promise<unknown>;

/** The caller's procedure at `path` (`area.name`); its zod input validates whatever it is given. */
function procedureAt(caller: Caller, path: RestProcedure): Procedure {
  const [area, name] = path.split(".") as [string, string];
  return (caller as unknown as Record<string, Record<string, Procedure>>)[area]![name]!;
}

/** Every REST procedure's binding: the type makes a contract entry without one a compile error. */
const BINDINGS: { [P in RestProcedure]: RestBinding } = {
  // `{ type, input }` or `{ payload }`: the procedure's zod schema validates the body, then
  // admitTasks checks the input against the type's registered JSON Schema. The key may come as
  // the `Idempotency-Key` header (see idempotency-header.ts); a replay is answered 200.
  "tasks.create": {
    input: "body",
    call: (caller, { body, headers }) =>
      procedureAt(caller, "tasks.create")(withIdempotencyKey(body, headers)),
    reply: replayReply,
  },
  "tasks.createMany": { input: "body" },
  "tasks.list": { input: { query: LIST_QUERY_PARAMS } },
  "tasks.stats": { input: { query: FILTER_QUERY_PARAMS } },
  "tasks.get": { input: "taskId" },
  "tasks.events": { input: "taskId" },
  "tasks.cancel": { input: "taskId" },
  "tasks.cancelMany": { input: "body" },
  "tasks.retry": { input: "taskId" },
  "tasks.retryNow": { input: "taskId" },
  "tasks.retryMany": { input: "body" },
  "taskTypes.list": { input: "none" },
  "deadLetters.list": { input: { query: DEAD_LETTER_QUERY_PARAMS } },
  "deadLetters.redrive": { input: "body" },
  "deadLetters.purge": { input: "body" },
  "schedules.create": {
    input: "body",
    location: (result) => `/api/v1/schedules/${(result as { id: string }).id}`,
  },
  "schedules.list": { input: "none" },
  "schedules.get": { input: "scheduleId" },
  "schedules.update": { input: "body+scheduleId" },
  "schedules.delete": { input: "scheduleId" },
};

/** Calls the route's procedure with the input its binding reads from the request. */
export function callRoute(route: RestRoute, caller: Caller, input: RestInput): Promise<unknown> {
  return route.call
    ? route.call(caller, input)
    : procedureAt(caller, route.procedure)(inputOf(route.input, input));
}

/** The REST surface: the contract's REST entries, each with its binding. */
export const REST_ROUTES: readonly RestRoute[] = REST_CONTRACT.map((rest) => ({
  ...rest,
  ...BINDINGS[rest.procedure],
}));

const patterns = REST_ROUTES.map((route) => ({
  route,
  pattern: new RegExp(`^${route.path.replace("{id}", "([^/]+)")}/?$`),
}));
// A literal path (`/tasks/stats`) before a template that would also match it (`/tasks/{id}`).
patterns.sort((a, b) => Number(a.route.path.includes("{")) - Number(b.route.path.includes("{")));

/** The route for a method and a path below /api/v1, with its `{id}` segment. */
export function matchRoute(
  method: string,
  path: string,
): { route: RestRoute; id?: string } | "wrong-method" | null {
  let pathMatched = false;
  for (const { route, pattern } of patterns) {
    const match = path.match(pattern);
    if (!match) continue;
    pathMatched = true;
    if (route.method === method) return { route, id: match[1] };
  }
  return pathMatched ? "wrong-method" : null;
}
