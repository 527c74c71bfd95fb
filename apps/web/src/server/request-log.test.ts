import { requestScope } from "@tps/api";
import type { Logger } from "@tps/infra";
import { describe, expect, it } from "vitest";
import { withRequestLog } from "./request-log";

function fakeLog() {
  const lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) =>
    lines.push({ level, fields, message });
  return { lines, log: { info: at("info"), error: at("error") } as unknown as Logger };
}

describe("withRequestLog", () => {
  it("logs method, procedures, status, duration and caller, and returns a request id", async () => {
    const { lines, log } = fakeLog();
    const handler = withRequestLog(
      async () => {
        const note = requestScope.getStore()!;
        note.procedures.push("tasks.create", "tasks.get");
        note.principal = "ci-bot";
        return Response.json({ ok: true }, { status: 201 });
      },
      () => log,
    );
    const res = await handler(new Request("http://127.0.0.1/api/v1/tasks", { method: "POST" }));
    expect(res.status).toBe(201);
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines).toEqual([
      {
        level: "info",
        message: "request",
        fields: expect.objectContaining({
          requestId: id,
          method: "POST",
          path: "/api/v1/tasks",
          procedure: "tasks.create,tasks.get",
          status: 201,
          principal: "ci-bot",
          durationMs: expect.any(Number),
        }),
      },
    ]);
  });

  it("keeps a caller's well-formed request id, replaces a malformed one, and answers 500 on a throw", async () => {
    const { lines, log } = fakeLog();
    const ok = withRequestLog(
      async () => new Response("hi"),
      () => log,
    );
    const kept = await ok(new Request("http://x/a", { headers: { "x-request-id": "abc-123" } }));
    expect(kept.headers.get("x-request-id")).toBe("abc-123");
    const replaced = await ok(new Request("http://x/a", { headers: { "x-request-id": "bad id\u0007" } }));
    // A fresh UUID (one starting "bad…" made `not.toContain("bad")` fail 1 run in 4,096).
    expect(replaced.headers.get("x-request-id")).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );

    const failing = withRequestLog(
      async () => {
        throw new Error("boom");
      },
      () => log,
    );
    const res = await failing(new Request("http://x/a"));
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: "INTERNAL_SERVER_ERROR", message: "internal error" } });
    expect(lines.some((l) => l.level === "error")).toBe(true);
  });

  it("passes responses with immutable headers through, copied", async () => {
    const { log } = fakeLog();
    const redirect = Response.redirect("http://127.0.0.1/elsewhere", 307); // its headers are immutable
    expect(() => redirect.headers.set("x", "y")).toThrow();
    const res = await withRequestLog(
      async () => redirect,
      () => log,
    )(new Request("http://x/a"));
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toBe("http://127.0.0.1/elsewhere");
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });
});
