import { afterEach, describe, expect, it, vi } from "vitest";
import { createTasksClient } from "./create-client";

const task = { id: 7, type: "math.add", input: { a: 1, b: 2 }, payload: '{"a":1,"b":2}', status: "PENDING" };

/** A fetch whose first call fails like a dropped connection, then answers tRPC batches; records bodies. */
function flakyFetch() {
  const bodies: Record<string, { idempotencyKey?: string }>[] = [];
  const fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
    bodies.push(JSON.parse(String(init?.body)));
    if (bodies.length === 1) throw new TypeError("fetch failed", { cause: new Error("ECONNRESET") });
    return Response.json([{ result: { data: task } }]);
  });
  return { fetch, bodies };
}

describe("a generated idempotency key for creates", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("retries a create without a key, every attempt sending the same generated key", async () => {
    const { fetch, bodies } = flakyFetch();
    vi.stubGlobal("fetch", fetch);
    const client = createTasksClient("http://tps.test/api/trpc", { retry: { attempts: 3, baseMs: 1 } });
    await expect(client.trigger("math.add", { a: 1, b: 2 })).resolves.toMatchObject({ id: 7 });
    expect(bodies).toHaveLength(2);
    const [first, second] = bodies.map((b) => b["0"]!);
    expect(first!.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).toEqual(first);

    // Another logical call gets its own key; the caller's own key is sent as given.
    await client.tasks.create.mutate({ payload: "x" });
    await client.tasks.create.mutate({ payload: "x", idempotencyKey: "mine" });
    const keys = bodies.slice(2).map((b) => b["0"]!.idempotencyKey);
    expect(keys[0]).not.toBe(first!.idempotencyKey);
    expect(keys[1]).toBe("mine");
  });

  it("adds no key when retries are off", async () => {
    const { fetch, bodies } = flakyFetch();
    vi.stubGlobal("fetch", fetch);
    const client = createTasksClient("http://tps.test/api/trpc", { retry: { attempts: 1, baseMs: 0 } });
    await expect(client.tasks.create.mutate({ payload: "x" })).rejects.toThrow();
    expect(bodies).toEqual([{ "0": { payload: "x" } }]);
  });
});
