import { createTaskTypes } from "@tps/infra";
import { createTestApi } from "@tps/infra/testing";
import { afterAll, beforeAll, inject } from "vitest";
import { z } from "zod";
import { createAdmission } from "../admission";
import { createRestHandler } from "./rest-handler";

export const REST_BASE = "http://127.0.0.1:3000/api/v1";

export type RestHandle = (req: Request) => Promise<Response>;

/**
 * One REST call as a client makes it: a JSON body (a string goes as it is, to send broken JSON),
 * `headers` besides the content type; the answer's body read as JSON.
 */
export async function callRest(
  handle: RestHandle,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await handle(
    new Request(`${REST_BASE}${path}`, {
      method,
      headers: { "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

/** A registered non-sleep type, as a worker would register it (its input's JSON Schema from zod). */
export const MATH_ADD = {
  type: "math.add",
  inputSchema: z.toJSONSchema(z.object({ a: z.number(), b: z.number() })),
  outputSchema: null,
  maxAttempts: 3,
  timeoutMs: null,
};
/** A type whose input takes any text, to reach the store with odd strings. */
export const TEXT_ECHO = {
  ...MATH_ADD,
  type: "text.echo",
  inputSchema: z.toJSONSchema(z.object({ text: z.string() })),
};

/**
 * The setup of the /api/v1 task tests (rest-api, rest-typed-tasks): a real database, queue and
 * Redis, the route handler with 4 admission places, and MATH_ADD and TEXT_ECHO registered. Calls
 * carry a bearer key unless made through `handle` without one (an anonymous caller).
 */
export function restApiHarness() {
  const admission = createAdmission(4);
  const h = {
    api: undefined as unknown as Awaited<ReturnType<typeof createTestApi>>,
    handle: undefined as unknown as RestHandle,
    admission,
    /** The headers each request's context was created from, in order. */
    seenHeaders: [] as Headers[],
    call: (method: string, path: string, body?: unknown) =>
      callRest(h.handle, method, path, body, { authorization: "Bearer tps_test_key" }),
  };
  beforeAll(async () => {
    h.api = await createTestApi(inject("templateDatabaseUrl"));
    h.handle = createRestHandler({
      createContext: (req) => {
        h.seenHeaders.push(req.headers);
        // No bearer key: an anonymous caller, refused by the procedures' access check.
        return req.headers.has("authorization") ? h.api.context : { ...h.api.context, principal: null };
      },
      maxBodyBytes: 256 * 1024,
      maxBatchBodyBytes: 1024 * 1024,
      admission,
    });
    await createTaskTypes(h.api.db).register("test-worker", [MATH_ADD, TEXT_ECHO]);
  });
  afterAll(() => h.api?.dispose());
  return h;
}
