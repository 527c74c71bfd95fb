import { describe, expect, it } from "vitest";
import { restApiHarness } from "./rest.test-util";

type Task = { id: number; status: string; payload: string; type: string };

/** The endpoints added for services that do not speak tRPC: batches, bulk actions, timelines, counts, dead letters. */
describe("REST /api/v1 batches, bulk actions, events, stats and dead letters", () => {
  const h = restApiHarness();
  const create = async (payload: string) => (await h.call("POST", "/tasks", { payload })).body as Task;

  it("creates a batch in the order given (201), from payloads or typed items; refuses a bad one (400)", async () => {
    const batch = await h.call("POST", "/tasks/batch", { payloads: ["batch-a", "batch-b"] });
    expect(batch.status).toBe(201);
    expect(batch.headers.get("location")).toBeNull();
    const items = batch.body.items as Task[];
    expect(items.map((t) => [t.payload, t.status])).toEqual([
      ["batch-a", "PENDING"],
      ["batch-b", "PENDING"],
    ]);
    const typed = await h.call("POST", "/tasks/batch", {
      items: [{ type: "math.add", input: { a: 1, b: 2 } }],
    });
    expect(typed.status).toBe(201);
    expect((typed.body.items as Task[])[0]).toMatchObject({ type: "math.add", payload: '{"a":1,"b":2}' });

    expect((await h.call("POST", "/tasks/batch", {})).body).toMatchObject({ error: { code: "BAD_REQUEST" } });
    const both = await h.call("POST", "/tasks/batch", { payloads: ["x"], items: [{ payload: "y" }] });
    expect(both.status).toBe(400);
    const wrongInput = await h.call("POST", "/tasks/batch", {
      items: [{ type: "math.add", input: { a: 1 } }],
    });
    expect(wrongInput.status).toBe(400);
  });

  it("lets a batch's body be as long as the batch cap, while one create keeps the smaller cap (413)", async () => {
    const payload = "p".repeat(60 * 1024); // ~60 KiB each: 6 of them pass one create's 256 KiB cap
    const batch = await h.call("POST", "/tasks/batch", { payloads: Array(6).fill(payload) });
    expect(batch.status).toBe(201);
    expect(batch.body.items).toHaveLength(6);
    const single = await h.call("POST", "/tasks", { payload: "p".repeat(300 * 1024) });
    expect(single).toMatchObject({ status: 413, body: { error: { code: "PAYLOAD_TOO_LARGE" } } });
    const tooLong = await h.call("POST", "/tasks/batch", { payloads: Array(20).fill(payload) });
    expect(tooLong.status).toBe(413);
  });

  it("cancels and retries by ids, counting the tasks it skipped", async () => {
    const [a, b] = [await create("bulk-a"), await create("bulk-b")];
    const canceled = await h.call("POST", "/tasks/cancel", { ids: [a.id, b.id, 999_999] });
    expect(canceled).toMatchObject({ status: 200, body: { changed: 2, skipped: 1 } });
    expect((await h.call("GET", `/tasks/${a.id}`)).body.status).toBe("CANCELED");

    const failed = await create("bulk-failed");
    await h.api.db.$executeRaw`
      UPDATE tasks SET status = 'FAILED', attempts = max_attempts, last_error = 'boom', finished_at = now()
      WHERE id = ${failed.id}`;
    const retried = await h.call("POST", "/tasks/retry", { ids: [failed.id, a.id] });
    expect(retried).toMatchObject({ status: 200, body: { changed: 1, skipped: 1 } });
    expect((await h.call("GET", `/tasks/${failed.id}`)).body.status).toBe("PENDING");

    expect((await h.call("POST", "/tasks/cancel", { ids: [] })).status).toBe(400);
    expect((await h.call("POST", "/tasks/retry", { ids: ["x"] })).status).toBe(400);
    expect((await h.call("POST", "/tasks/retry", [1])).status).toBe(400);
    // Only POST is the bulk cancel: a GET there reads `cancel` as a task id, which is no number.
    expect((await h.call("GET", "/tasks/cancel")).status).toBe(400);
  });

  it("answers a task's timeline, oldest step first, or 404 / 400", async () => {
    const task = await create("events me");
    await h.call("POST", `/tasks/${task.id}/cancel`);
    const events = await h.call("GET", `/tasks/${task.id}/events`);
    expect(events.status).toBe(200);
    const steps = events.body as unknown as { type: string; actor: string | null }[];
    expect(steps[0]?.type).toBe("created");
    expect(steps.at(-1)).toMatchObject({ type: "canceled", actor: expect.any(String) });
    expect((await h.call("GET", "/tasks/999999/events")).body).toMatchObject({
      error: { code: "NOT_FOUND" },
    });
    expect((await h.call("GET", "/tasks/abc/events")).status).toBe(400);
  });

  it("counts tasks per status, filtered by the list's query parameters", async () => {
    await h.call("POST", "/tasks", { type: "text.echo", input: { text: "stats" } });
    const all = await h.call("GET", "/tasks/stats");
    expect(all.status).toBe(200);
    expect(Object.keys(all.body).sort()).toEqual([
      "CANCELED",
      "COMPLETED",
      "FAILED",
      "PENDING",
      "PROCESSING",
    ]);
    const echo = await h.call("GET", "/tasks/stats?type=text.echo&status=PENDING");
    expect(echo.body).toMatchObject({ PENDING: 1, CANCELED: 0 });
    expect((await h.call("GET", "/tasks/stats?statuss=PENDING")).body).toMatchObject({
      error: { code: "BAD_REQUEST", message: expect.stringContaining("statuss") },
    });
    expect((await h.call("GET", "/tasks/stats?status=DONE")).status).toBe(400);
  });

  it("lists the dead-letter queue, and redrives or purges by key or all", async () => {
    const listed = await h.call("GET", "/dead-letters?limit=10");
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ items: [] });
    expect((await h.call("GET", "/dead-letters?limit=0")).status).toBe(400);
    expect((await h.call("GET", "/dead-letters?limit=5&all=1")).status).toBe(400);

    const redrive = await h.call("POST", "/dead-letters/redrive", { keys: ["no-such-letter"] });
    expect(redrive).toMatchObject({ status: 200, body: { redriven: 0, dropped: 0, missing: 1 } });
    const purge = await h.call("POST", "/dead-letters/purge", { all: true });
    expect(purge).toMatchObject({ status: 200, body: { purged: 0 } });
    expect((await h.call("POST", "/dead-letters/purge", { keys: [] })).status).toBe(400);
    expect((await h.call("POST", "/dead-letters/redrive", { all: false })).status).toBe(400);
  });
});
