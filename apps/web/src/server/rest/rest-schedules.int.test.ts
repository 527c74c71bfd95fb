import { createTestApi } from "@tps/infra/testing";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openApiDocument } from "../openapi";
import { callRest, type RestHandle } from "./rest.test-util";
import { createRestHandler } from "./rest-handler";

/** REST /api/v1/schedules through the route handler on a real database, and its OpenAPI description. */
describe("REST schedules", () => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let handle: RestHandle;
  const doc = openApiDocument();
  const ajv = new Ajv2020({ strict: false });
  addFormats.default(ajv);
  /** The document's schema of a path's success answer, with its references resolved in the document. */
  const answerSchema = (path: string, method: string, status: string) => {
    const op = (doc.paths[`/api/v1${path}`] as Record<string, { responses: Record<string, unknown> }>)[
      method
    ]!;
    const content = (op.responses[status] as { content: Record<string, { schema: object }> }).content;
    return ajv.compile({ ...content["application/json"]!.schema, components: doc.components });
  };

  const call = (method: string, path: string, body?: unknown, role: "operator" | "viewer" = "operator") =>
    callRest(handle, method, path, body, { authorization: `Bearer ${role}` });

  beforeAll(async () => {
    api = await createTestApi(inject("templateDatabaseUrl"));
    handle = createRestHandler({
      createContext: (req) => {
        const role = req.headers.get("authorization")?.endsWith("viewer") ? "viewer" : "operator";
        return { ...api.context, principal: { ...api.context.principal!, name: `${role}@x`, role } };
      },
      maxBodyBytes: 64 * 1024,
    });
  });
  afterAll(() => api?.dispose());

  it("the document lists every schedule route with its method", () => {
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(ops).toEqual(
      expect.arrayContaining([
        "GET /api/v1/schedules",
        "POST /api/v1/schedules",
        "GET /api/v1/schedules/{id}",
        "PATCH /api/v1/schedules/{id}",
        "DELETE /api/v1/schedules/{id}",
      ]),
    );
    expect(doc.components.schemas).toHaveProperty("Schedule");
  });

  it("create, get, list, patch and delete; every answer matches the document", async () => {
    const created = await call("POST", "/schedules", {
      type: "sleep",
      input: "hello",
      cron: "*/5 * * * * *",
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.headers.get("location")).toBe(`/api/v1/schedules/${id}`);
    expect(answerSchema("/schedules", "post", "201")(created.body)).toBe(true);

    const got = await call("GET", `/schedules/${id}`, undefined, "viewer");
    expect(got.status).toBe(200);
    const validSchedule = answerSchema("/schedules/{id}", "get", "200");
    expect(validSchedule(got.body), JSON.stringify(validSchedule.errors)).toBe(true);
    expect(got.body).toMatchObject({ id, type: "sleep", input: "hello", enabled: true, priority: 0 });
    expect(got.body.nextRuns).toHaveLength(5);

    const listed = await call("GET", "/schedules", undefined, "viewer");
    expect(answerSchema("/schedules", "get", "200")(listed.body)).toBe(true);
    expect((listed.body.items as { id: string }[]).map((s) => s.id)).toContain(id);

    const patched = await call("PATCH", `/schedules/${id}`, { enabled: false, priority: 9 });
    expect(patched.status).toBe(200);
    expect(answerSchema("/schedules/{id}", "patch", "200")(patched.body)).toBe(true);
    expect(patched.body).toMatchObject({ enabled: false, priority: 9, nextRuns: [] });

    const deleted = await call("DELETE", `/schedules/${id}`);
    expect(deleted).toMatchObject({ status: 200, body: { deleted: true } });
    expect(answerSchema("/schedules/{id}", "delete", "200")(deleted.body)).toBe(true);
    expect((await call("GET", `/schedules/${id}`)).status).toBe(404);
  });

  it("refusals are 4xx in the one error shape: bad cron, bad id, bad body, a viewer's write", async () => {
    const badCron = await call("POST", "/schedules", { type: "sleep", input: "x", cron: "not a cron" });
    expect(badCron.status).toBe(400);
    expect(badCron.body).toMatchObject({ error: { code: "BAD_REQUEST", issues: [{ path: "cron" }] } });
    const badTz = await call("POST", "/schedules", {
      type: "sleep",
      input: "x",
      cron: "* * * * *",
      timezone: "X/Y",
    });
    expect(badTz.status).toBe(400);
    expect((await call("GET", "/schedules/123")).status).toBe(400);
    expect((await call("GET", "/schedules/%E0%A4%A")).status).toBe(400);
    expect((await call("PATCH", "/schedules/00000000-0000-4000-8000-000000000000", [1])).status).toBe(400);
    expect((await call("PATCH", "/schedules/00000000-0000-4000-8000-000000000000", "{bad json")).status).toBe(
      400,
    );
    expect(
      (await call("PATCH", "/schedules/00000000-0000-4000-8000-000000000000", { enabled: true })).status,
    ).toBe(404);
    const viewer = await call(
      "POST",
      "/schedules",
      { type: "sleep", input: "x", cron: "* * * * *" },
      "viewer",
    );
    expect(viewer.status).toBe(403);
    expect((await call("PUT", "/schedules")).status).toBe(405);
  });
});
