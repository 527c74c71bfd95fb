import { createRateLimiter } from "@tps/api";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "../openapi";
import { callRest, type RestHandle, restApiHarness } from "./rest.test-util";
import { createRestHandler } from "./rest-handler";
import { matchRoute, REST_ROUTES } from "./rest-routes";

type Answer = Awaited<ReturnType<typeof callRest>>;
type Response = {
  content?: Record<string, { schema: object }>;
  headers?: Record<string, { required?: boolean }>;
};
type Operation = { operationId: string; responses: Record<string, Response> };

const doc = openApiDocument();
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
const compiled = new Map<string, ValidateFunction>();
const retryAfterSchema = ajv.compile({ type: "integer", minimum: 1 });

/** The document's operation for a request, found the way the handler finds its route. */
function operationOf(method: string, path: string): Operation {
  const matched = matchRoute(method, path.split("?")[0]!);
  if (matched === null || matched === "wrong-method") throw new Error(`no operation ${method} ${path}`);
  return (doc.paths[`/api/v1${matched.route.path}`] as Record<string, Operation>)[method.toLowerCase()]!;
}

/**
 * What is wrong with a real answer by the document: an undocumented status, a body its schema
 * refuses, a required header missing, or a `Retry-After` that is not whole seconds.
 */
function mismatches(method: string, path: string, answer: Answer): string[] {
  const op = operationOf(method, path);
  const documented = op.responses[String(answer.status)];
  if (!documented) return [`${op.operationId}: status ${answer.status} is not documented`];
  const key = `${op.operationId} ${answer.status}`;
  let valid = compiled.get(key);
  if (!valid) {
    const schema = documented.content?.["application/json"]?.schema ?? {};
    valid = ajv.compile({ ...schema, components: doc.components });
    compiled.set(key, valid);
  }
  const problems = valid(answer.body) ? [] : [`${key}: ${ajv.errorsText(valid.errors)}`];
  for (const [name, header] of Object.entries(documented.headers ?? {})) {
    const value = answer.headers.get(name);
    if (header.required && value === null) problems.push(`${key}: no ${name} header`);
    if (name === "Retry-After" && value !== null && !retryAfterSchema(Number(value)))
      problems.push(`${key}: Retry-After ${value} is not whole seconds`);
  }
  return problems;
}

/** Real calls through the route handler, each answer checked against the document. */
describe("REST answers match the OpenAPI document", () => {
  const h = restApiHarness();
  const seen = new Set<string>();
  const statuses = new Set<number>();

  async function checked(handle: RestHandle, method: string, path: string, body?: unknown, headers = {}) {
    const answer = await callRest(handle, method, path, body, headers);
    expect(mismatches(method, path, answer), `${method} ${path}`).toEqual([]);
    seen.add(operationOf(method, path).operationId);
    statuses.add(answer.status);
    return answer;
  }
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    checked(h.handle, method, path, body, { authorization: "Bearer k", ...headers });

  it("the check itself catches a wrong body, an undocumented status and a 429 without Retry-After", () => {
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      ({ status, body, headers: new Headers(headers) }) as Answer;
    expect(mismatches("GET", "/tasks/1", answer(200, { id: "one" }))).not.toEqual([]);
    expect(mismatches("GET", "/tasks/1", answer(418, {}))).not.toEqual([]);
    const limited = { error: { code: "TOO_MANY_REQUESTS", message: "slow down" } };
    expect(mismatches("GET", "/tasks", answer(429, limited))).not.toEqual([]);
    expect(mismatches("GET", "/tasks", answer(429, limited, { "retry-after": "0.5" }))).not.toEqual([]);
    expect(mismatches("GET", "/tasks", answer(429, limited, { "retry-after": "2" }))).toEqual([]);
  });

  it("successes: every operation's 200 or 201", async () => {
    const { body: task } = await call("POST", "/tasks", { payload: "conform" });
    await call("POST", "/tasks", { type: "math.add", input: { a: 1, b: 2 } }, { "idempotency-key": "c-1" });
    expect(
      (
        await call(
          "POST",
          "/tasks",
          { type: "math.add", input: { a: 1, b: 2 } },
          { "idempotency-key": "c-1" },
        )
      ).status,
    ).toBe(200);
    await call("GET", "/tasks?limit=2");
    await call("GET", `/tasks/${task.id}`);
    await call("GET", `/tasks/${task.id}/events`);
    await call("GET", "/tasks/stats?status=PENDING");
    const batch = await call("POST", "/tasks/batch", { payloads: ["c-a", "c-b"] });
    const [a, b] = batch.body.items as { id: number }[];
    await call("POST", `/tasks/${a!.id}/cancel`);
    await call("POST", "/tasks/cancel", { ids: [b!.id] });
    await h.api.db.$executeRaw`
      UPDATE tasks SET status = 'FAILED', attempts = max_attempts, last_error = 'boom', finished_at = now()
      WHERE id = ${task.id as number}`;
    await call("POST", `/tasks/${task.id}/retry`);
    await call("POST", "/tasks/retry", { ids: [task.id] });
    await call("POST", `/tasks/${task.id}/retry-now`); // not waiting for a backoff: 409
    await call("GET", "/task-types");
    await call("GET", "/dead-letters");
    await call("POST", "/dead-letters/redrive", { keys: ["none"] });
    await call("POST", "/dead-letters/purge", { all: true });
    const schedule = await call("POST", "/schedules", { type: "sleep", input: "x", cron: "0 0 * * *" });
    await call("GET", "/schedules");
    await call("GET", `/schedules/${schedule.body.id}`);
    await call("PATCH", `/schedules/${schedule.body.id}`, { enabled: false });
    await call("DELETE", `/schedules/${schedule.body.id}`);
    expect([...seen].sort()).toEqual(REST_ROUTES.map((r) => r.procedure.replace(".", "_")).sort());
  });

  it("refusals: 400, 401, 404, 409 and 413 in the documented error shape", async () => {
    expect((await call("POST", "/tasks", { payload: 5 })).status).toBe(400);
    expect((await call("GET", "/tasks/abc")).status).toBe(400);
    expect((await call("GET", "/tasks?statuss=x")).status).toBe(400);
    expect((await call("POST", "/tasks/batch", { payloads: [] })).status).toBe(400);
    expect((await checked(h.handle, "GET", "/tasks")).status).toBe(401);
    expect((await checked(h.handle, "POST", "/tasks/cancel", { ids: [1] })).status).toBe(401);
    expect((await call("GET", "/tasks/999999")).status).toBe(404);
    expect((await call("GET", "/tasks/999999/events")).status).toBe(404);
    const { body: task } = await call("POST", "/tasks", { payload: "conform twice" });
    await call("POST", `/tasks/${task.id}/cancel`);
    expect((await call("POST", `/tasks/${task.id}/cancel`)).status).toBe(409);
    expect((await call("POST", "/tasks", { payload: "x".repeat(300 * 1024) })).status).toBe(413);
    const overBatchCap = Array(5).fill("x".repeat(300 * 1024)); // 1.5 MiB: over the batch cap too
    expect((await call("POST", "/tasks/batch", { payloads: overBatchCap })).status).toBe(413);
  });

  it("429 and a busy 503 carry Retry-After in whole seconds", async () => {
    const rateLimit = createRateLimiter({ perSecond: 1, burst: 1 });
    const limited = createRestHandler({
      createContext: () => ({ ...h.api.context, rateLimit }),
      maxBodyBytes: 64 * 1024,
    });
    const post = () =>
      checked(limited, "POST", "/tasks", { payload: "limited" }, { authorization: "Bearer k" });
    expect((await post()).status).toBe(201);
    const refused = await post();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);

    const taken = [0, 1, 2, 3].filter(() => h.admission.enter()).length;
    try {
      const busy = await call("GET", "/tasks");
      expect(busy.status).toBe(503);
      expect(busy.headers.get("retry-after")).toBe("1");
    } finally {
      for (let i = 0; i < taken; i++) h.admission.leave();
    }
    expect([...statuses].sort()).toEqual([200, 201, 400, 401, 404, 409, 413, 429, 503]);
  });
});
