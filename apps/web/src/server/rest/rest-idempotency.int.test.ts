import { createTestApi } from "@tps/infra/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { callRest, type RestHandle } from "./rest.test-util";
import { createRestHandler } from "./rest-handler";

/** `POST /api/v1/tasks` with the `Idempotency-Key` header, on a real database, queue and Redis. */
describe("REST idempotency keys", () => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let handle: RestHandle;

  const post = (body: unknown, key?: string) =>
    callRest(handle, "POST", "/tasks", body, key === undefined ? {} : { "idempotency-key": key });

  beforeAll(async () => {
    api = await createTestApi(inject("templateDatabaseUrl"));
    handle = createRestHandler({ createContext: () => api.context, maxBodyBytes: 256 * 1024 });
  });
  afterAll(() => api?.dispose());

  it("creates with the header (201), and answers a replay 200 with Idempotent-Replayed and the same task", async () => {
    const created = await post({ payload: "rest charge" }, "rest-order-1");
    expect(created.status).toBe(201);
    expect(created.headers.get("idempotent-replayed")).toBeNull();
    const replayed = await post({ payload: "rest charge" }, "rest-order-1");
    expect(replayed.status).toBe(200);
    expect(replayed.headers.get("idempotent-replayed")).toBe("true");
    expect(replayed.headers.get("location")).toBe(`/api/v1/tasks/${created.body.id}`);
    expect(replayed.body).toEqual(created.body);

    // The body's field is the same key: a replay too.
    const byField = await post({ payload: "rest charge", idempotencyKey: "rest-order-1" });
    expect(byField.status).toBe(200);
    expect(byField.body.id).toBe(created.body.id);
  });

  it("answers 409 to a key reused with another input, naming the key", async () => {
    await post({ payload: "first" }, "rest-order-2");
    const conflict = await post({ payload: "second" }, "rest-order-2");
    expect(conflict.status).toBe(409);
    expect(conflict.body.error).toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining('"rest-order-2"'),
    });
  });

  it("answers 400 to a header that is empty or too long, or that differs from the body's key", async () => {
    const refused = [
      await post({ payload: "x" }, ""),
      await post({ payload: "x" }, "k".repeat(201)),
      await post({ payload: "x", idempotencyKey: "one" }, "two"),
    ];
    for (const answer of refused) {
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({
        code: "BAD_REQUEST",
        message: expect.stringMatching(/Idempotency-Key/),
      });
    }
    // The same key twice is one key.
    expect((await post({ payload: "x", idempotencyKey: "same" }, "same")).status).toBe(201);
  });
});
