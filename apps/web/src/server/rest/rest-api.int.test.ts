import { describe, expect, it } from "vitest";
import { BUSY_MESSAGE } from "../admission";
import { REST_BASE, restApiHarness } from "./rest.test-util";

/** The REST task endpoints through their route handler: create, read, list, cancel, retry and errors. */
describe("REST /api/v1 on real PostgreSQL, RabbitMQ and Redis", () => {
  const h = restApiHarness();

  it("answers 503 with Retry-After at once while every place is taken, in the one error shape", async () => {
    const taken = [0, 1, 2, 3].filter(() => h.admission.enter()).length;
    expect(taken).toBe(4);
    try {
      const busy = await h.call("GET", "/tasks");
      expect(busy.status).toBe(503);
      expect(busy.headers.get("retry-after")).toBe("1");
      expect(busy.body).toEqual({ error: { code: "SERVICE_UNAVAILABLE", message: BUSY_MESSAGE } });
    } finally {
      for (let i = 0; i < taken; i++) h.admission.leave();
    }
    expect((await h.call("GET", "/tasks")).status).toBe(200);
  });

  it("creates a task (201, Location) and gets it; the context sees the bearer header", async () => {
    const created = await h.call("POST", "/tasks", { payload: "rest hello" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ payload: "rest hello", status: "PENDING", attempts: 0 });
    expect(created.headers.get("location")).toBe(`/api/v1/tasks/${created.body.id}`);
    expect(h.seenHeaders.at(-1)?.get("authorization")).toBe("Bearer tps_test_key");

    const got = await h.call("GET", `/tasks/${created.body.id}`);
    expect(got.status).toBe(200);
    const { publishedAt: _p, updatedAt: _u, ...same } = created.body;
    expect(got.body).toMatchObject(same);
    expect(got.body.publishedAt).not.toBeNull();
  });

  it("answers 401 to an anonymous caller and 413 to a body over the cap, in the one error shape", async () => {
    const anonymous = await h.handle(new Request(`${REST_BASE}/tasks`, { method: "GET" }));
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: "UNAUTHORIZED" } });
    const huge = await h.call("POST", "/tasks", { payload: "x".repeat(300 * 1024) });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE" } });
  });

  it("lists with filter query parameters and a cursor", async () => {
    for (const payload of ["rest-list-a", "rest-list-b", "rest-list-c"])
      await h.call("POST", "/tasks", { payload });
    const first = await h.call("GET", "/tasks?search=rest-list&status=PENDING&limit=2");
    expect(first.status).toBe(200);
    const items = first.body.items as { payload: string }[];
    expect(items.map((t) => t.payload)).toEqual(["rest-list-c", "rest-list-b"]);
    const next = await h.call("GET", `/tasks?search=rest-list&limit=2&cursor=${first.body.nextCursor}`);
    expect((next.body.items as { payload: string }[]).map((t) => t.payload)).toEqual(["rest-list-a"]);
    expect(next.body.nextCursor).toBeNull();
  });

  it("cancels a PENDING task, then answers 409 on a second cancel", async () => {
    const { body: task } = await h.call("POST", "/tasks", { payload: "rest cancel me" });
    const canceled = await h.call("POST", `/tasks/${task.id}/cancel`);
    expect(canceled.status).toBe(200);
    expect(canceled.body).toMatchObject({ id: task.id, status: "CANCELED" });
    const again = await h.call("POST", `/tasks/${task.id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ error: { code: "CONFLICT", message: expect.any(String) } });
  });

  it("retries a FAILED task, and answers 409 for one that is not FAILED", async () => {
    const { body: task } = await h.call("POST", "/tasks", { payload: "rest retry me" });
    expect((await h.call("POST", `/tasks/${task.id}/retry`)).status).toBe(409);
    await h.api.db.$executeRaw`
      UPDATE tasks SET status = 'FAILED', attempts = max_attempts, last_error = 'boom', finished_at = now()
      WHERE id = ${task.id as number}`;
    const retried = await h.call("POST", `/tasks/${task.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id: task.id, status: "PENDING", attempts: 0 });
  });

  it("answers 404 for a missing task and for an unknown endpoint, 405 for a wrong method", async () => {
    const missing = await h.call("GET", "/tasks/999999");
    expect(missing).toMatchObject({
      status: 404,
      body: { error: { code: "NOT_FOUND", message: "task 999999 not found" } },
    });
    expect((await h.call("POST", "/tasks/999999/cancel")).status).toBe(404);
    expect((await h.call("GET", "/nope")).body).toMatchObject({ error: { code: "NOT_FOUND" } });
    expect((await h.call("DELETE", "/tasks/1")).status).toBe(405);
  });

  it("answers 400 with a readable message for bad input", async () => {
    const notString = await h.call("POST", "/tasks", { payload: 5 });
    expect(notString).toMatchObject({
      status: 400,
      body: { error: { code: "BAD_REQUEST", message: "payload: payload must be a string" } },
    });
    expect((await h.call("POST", "/tasks", "{not json")).body).toEqual({
      error: { code: "BAD_REQUEST", message: "request body is not valid JSON" },
    });
    expect((await h.call("GET", "/tasks/abc")).status).toBe(400);
    expect((await h.call("GET", "/tasks?limit=500")).status).toBe(400);
    expect((await h.call("GET", "/tasks?status=DONE")).body).toMatchObject({
      error: { code: "BAD_REQUEST", message: expect.stringContaining("filter.status") },
    });
    // A misspelt filter is refused by name instead of listing every task (issue 20, finding 5).
    expect((await h.call("GET", "/tasks?statuss=FAILED")).body).toMatchObject({
      error: { code: "BAD_REQUEST", message: expect.stringContaining("statuss") },
    });
    expect((await h.call("POST", "/tasks", { payload: "p", urgency: 1 })).status).toBe(400);
    expect((await h.call("POST", "/tasks", { payload: "p", priority: 10 })).body).toMatchObject({
      error: { code: "BAD_REQUEST", message: expect.stringContaining("priority") },
    });
  });
});
