import { afterEach, describe, expect, it, vi } from "vitest";
import { createTasksClient } from "./create-client";

const task = { id: 7, type: "report.build", input: {}, payload: "{}", status: "PENDING" };

describe("trigger's run options", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("sends runAt (a Date as ISO), delayMs, ttlMs and priority with the create, and nothing not given", async () => {
    const bodies: Record<string, Record<string, unknown>>[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
        bodies.push(JSON.parse(String(init?.body)));
        return Response.json([{ result: { data: task } }]);
      }),
    );
    const client = createTasksClient("http://tps.test/api/trpc", { retry: { attempts: 1, baseMs: 1 } });
    const runAt = new Date("2026-12-24T18:00:00Z");
    await client.trigger("report.build", {}, { runAt, ttlMs: 60_000, priority: 9, idempotencyKey: "k" });
    await client.trigger("report.build", {}, { delayMs: 5_000 });
    await client.trigger("report.build", {});
    expect(bodies.map((b) => b["0"])).toEqual([
      {
        type: "report.build",
        input: {},
        idempotencyKey: "k",
        runAt: "2026-12-24T18:00:00.000Z",
        ttlMs: 60_000,
        priority: 9,
      },
      { type: "report.build", input: {}, delayMs: 5_000 },
      { type: "report.build", input: {} },
    ]);
  });
});
