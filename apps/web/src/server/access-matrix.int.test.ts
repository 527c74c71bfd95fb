import {
  ACCESS,
  appRouter,
  createRateLimiter,
  hasRole,
  type ProcedurePath,
  procedureKind,
  type Role,
} from "@tps/api";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestWeb } from "./testing/test-web";

const kindOf = (path: string) => procedureKind(path)!;
const NO_SCHEDULE = "00000000-0000-4000-8000-000000000000";

/**
 * Every procedure × every kind of caller, through the real HTTP handler, better-auth sessions and
 * API keys on a real database: anonymous and revoked keys get 401, too low a role 403, the rest
 * reach the procedure (whatever it then answers, never 401/403/5xx).
 */
describe("access matrix over HTTP", () => {
  let web: Awaited<ReturnType<typeof createTestWeb>>;
  let callers: { name: string; role: Role | null; headers: Record<string, string> }[];
  let taskId: number;
  let viewerId: string;
  let n = 0;

  const inputs: Record<ProcedurePath, () => unknown> = {
    "session.me": () => undefined,
    "tasks.get": () => ({ id: taskId }),
    "tasks.events": () => ({ id: taskId }),
    "tasks.list": () => ({}),
    "tasks.stats": () => ({}),
    "tasks.onChange": () => undefined,
    "taskTypes.list": () => undefined,
    "dashboard.overview": () => undefined,
    "tasks.create": () => ({ payload: "matrix" }),
    "tasks.createMany": () => ({ payloads: ["matrix-1", "matrix-2"] }),
    "tasks.cancel": () => ({ id: taskId }),
    "tasks.cancelMany": () => ({ ids: [taskId] }),
    "tasks.retry": () => ({ id: taskId }),
    "tasks.retryNow": () => ({ id: taskId }),
    "tasks.retryMany": () => ({ ids: [taskId] }),
    "tasks.cancelMatching": () => ({ filter: { search: "no-such-task" }, expectedCount: 0 }),
    "tasks.retryMatching": () => ({ filter: { search: "no-such-task" }, expectedCount: 0 }),
    "tasks.delete": () => ({ ids: [taskId] }), // PENDING: skipped, never deleted
    "tasks.deleteMatching": () => ({ filter: { search: "no-such-task" }, expectedCount: 0 }),
    "users.create": () => ({
      email: `made-${++n}@example.com`,
      password: "long enough password",
      role: "viewer",
    }),
    "users.list": () => undefined,
    "users.update": () => ({ id: viewerId, role: "viewer" }),
    "apiKeys.create": () => ({ name: `made-${++n}`, role: "viewer" }),
    "apiKeys.list": () => undefined,
    "apiKeys.revoke": () => ({ id: "no-such-key" }),
    "audit.list": () => ({}),
    "processing.status": () => undefined,
    // Pause then resume (the matrix runs paths in table order): the switch ends where it started.
    "processing.pause": () => ({ reason: "matrix" }),
    "processing.resume": () => undefined,
    "deadLetters.list": () => ({ limit: 5 }),
    "deadLetters.redrive": () => ({ keys: ["no-such-dead-letter"] }),
    "deadLetters.purge": () => ({ keys: ["no-such-dead-letter"] }),
    "schedules.list": () => undefined,
    "schedules.get": () => ({ id: NO_SCHEDULE }),
    "schedules.preview": () => ({ cron: "0 0 1 1 *" }),
    "schedules.create": () => ({ type: "sleep", input: "matrix", cron: "0 0 1 1 *", enabled: false }),
    "schedules.update": () => ({ id: NO_SCHEDULE, enabled: false }),
    "schedules.delete": () => ({ id: NO_SCHEDULE }),
  };

  beforeAll(async () => {
    web = await createTestWeb(inject("templateDatabaseUrl"));
    const viewer = await web.signIn("viewer");
    viewerId = viewer.userId;
    const admin = await web.signIn("admin");
    const operatorKey = await web.apiKey("operator", admin.userId);
    const revoked = await web.apiKey("admin", admin.userId);
    await web.identity.revokeApiKey(revoked.id);
    callers = [
      { name: "anonymous", role: null, headers: {} },
      { name: "viewer session", role: "viewer", headers: { cookie: viewer.cookie } },
      { name: "operator key", role: "operator", headers: { authorization: `Bearer ${operatorKey.key}` } },
      { name: "admin session", role: "admin", headers: { cookie: admin.cookie } },
      { name: "revoked admin key", role: null, headers: { authorization: `Bearer ${revoked.key}` } },
    ];
    const [task] = await web.api.context.repo.insertMany(["matrix task"]);
    taskId = task!.id;
  });
  afterAll(() => web?.dispose());

  it("covers every procedure", () => {
    expect(Object.keys(inputs).sort()).toEqual(Object.keys(appRouter._def.procedures).sort());
  });

  for (const path of Object.keys(ACCESS) as ProcedurePath[]) {
    it(`${path} (${ACCESS[path]})`, async () => {
      const rows: string[] = [];
      for (const caller of callers) {
        const response = await web.call(path, kindOf(path), inputs[path](), caller.headers);
        const status = response.status;
        await response.body?.cancel().catch(() => {});
        const expected = caller.role === null ? 401 : hasRole(caller.role, ACCESS[path]) ? "allowed" : 403;
        rows.push(`${caller.name}: ${status}`);
        if (expected === "allowed") {
          expect(status, `${caller.name} → ${path}`).not.toBe(401);
          expect(status, `${caller.name} → ${path}`).not.toBe(403);
          expect(status, `${caller.name} → ${path}`).toBeLessThan(500);
        } else {
          expect(status, `${caller.name} → ${path}`).toBe(expected);
        }
      }
      console.log(`${path}: ${rows.join(", ")}`);
    });
  }

  it("keeps the session in an HttpOnly, SameSite=Lax cookie (Secure only on https)", async () => {
    await web.signIn("viewer");
    const session = web.setCookies().find((c) => c.startsWith("better-auth.session_token="));
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).toMatch(/; SameSite=Lax/i);
    expect(session).not.toMatch(/; Secure/i); // the test's base URL is http
  });

  it("closes better-auth's own key and admin endpoints: no minting an admin key around the access table", async () => {
    const viewer = await web.signIn("viewer");
    const post = (path: string, body: unknown) =>
      web.auth.handler(
        new Request(`http://localhost:3000/api/auth${path}`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            origin: "http://localhost:3000",
            cookie: viewer.cookie,
          },
          body: JSON.stringify(body),
        }),
      );
    expect((await post("/api-key/create", { name: "mine", metadata: { role: "admin" } })).status).toBe(404);
    expect((await post("/admin/set-role", { userId: viewer.userId, role: "admin" })).status).toBe(404);
    expect((await post("/update-user", { role: "admin" })).status).toBe(404);
    expect(await web.identity.listApiKeys()).not.toContainEqual(expect.objectContaining({ name: "mine" }));
  });

  it("refuses a disabled user's session at once", async () => {
    const user = await web.signIn("operator");
    expect((await web.call("tasks.list", "query", {}, { cookie: user.cookie })).status).toBe(200);
    await web.identity.updateUser({ id: user.userId, disabled: true });
    expect((await web.call("tasks.list", "query", {}, { cookie: user.cookie })).status).toBe(401);
  });

  it("names the caller on the timeline and in the audit log", async () => {
    const operator = await web.signIn("operator");
    const [task] = await web.api.context.repo.insertMany(["to cancel"]);
    const response = await web.call(
      "tasks.cancel",
      "mutation",
      { id: task!.id },
      { cookie: operator.cookie },
    );
    expect(response.status).toBe(200);
    const events = await web.api.context.repo.events(task!.id);
    expect(events.find((e) => e.type === "canceled")?.actor).toMatch(/^operator-\d+@example.com$/);
    const [latest] = await web.api.context.audit.list({ limit: 1 });
    expect(latest).toMatchObject({
      procedure: "tasks.cancel",
      target: `id=${task!.id}`,
      outcome: "accepted",
      via: "session",
    });
  });

  it("refuses cross-site and oversized requests before they reach a procedure", async () => {
    const admin = await web.signIn("admin");
    const crossSite = await web.call(
      "tasks.create",
      "mutation",
      { payload: "x" },
      {
        cookie: admin.cookie,
        origin: "https://evil.example",
      },
    );
    expect(crossSite.status).toBe(403);
    expect(await crossSite.text()).toContain("cross-site");
    const big = await web.call(
      "tasks.create",
      "mutation",
      { payload: "x".repeat(2 * 1024 * 1024) },
      {
        cookie: admin.cookie,
      },
    );
    expect(big.status).toBe(413);
    const ids = await web.call("tasks.get", "query", { id: 2 ** 53 }, { cookie: admin.cookie });
    expect(ids.status).toBe(400);
    const batch = Array.from({ length: 21 }, () => "tasks.stats").join(",");
    const input = encodeURIComponent(
      JSON.stringify(Object.fromEntries(Array.from({ length: 21 }, (_, i) => [i, {}]))),
    );
    const tooMany = await web.handler(
      new Request(`http://localhost:3000/api/trpc/${batch}?batch=1&input=${input}`, {
        headers: { cookie: admin.cookie },
      }),
    );
    expect(tooMany.status).toBe(400);
  });
});

describe("rate limit over HTTP", () => {
  it("answers 429 with Retry-After once a caller's bucket is empty, and other callers go on", async () => {
    const web = await createTestWeb(inject("templateDatabaseUrl"), {
      rateLimit: createRateLimiter({ perSecond: 0.5, burst: 2 }),
    });
    try {
      const first = await web.signIn("operator");
      const second = await web.signIn("operator");
      const create = (cookie: string) => web.call("tasks.create", "mutation", { payload: "r" }, { cookie });
      expect((await create(first.cookie)).status).toBe(200);
      expect((await create(first.cookie)).status).toBe(200);
      const limited = await create(first.cookie);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect((await create(second.cookie)).status).toBe(200);
      expect((await web.call("tasks.list", "query", {}, { cookie: first.cookie })).status).toBe(200);
    } finally {
      await web.dispose();
    }
  });
});
