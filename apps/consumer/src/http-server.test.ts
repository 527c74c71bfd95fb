import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { type HealthReport, startHttpServer } from "./http-server";

const TOKEN = "a-metrics-token-of-32-characters";
const PAUSED: HealthReport = {
  ok: true,
  postgres: "ok",
  rabbitmq: "ok",
  redis: "degraded: unreachable (cancels fall back to lease renewal)",
  processing: { paused: true, by: "admin@example.com", at: "2026-12-07T10:00:00Z", reason: "db upgrade" },
};
const DOWN: HealthReport = {
  ok: false,
  postgres: 'error: password authentication failed for user "tps_app"',
  rabbitmq: "ok",
};

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function serve(report: HealthReport, token?: string) {
  const server = startHttpServer(0, new Registry(), async () => report, token);
  close = server.close;
  const port = await server.listening;
  return async (authorization?: string) => {
    const res = await fetch(`http://127.0.0.1:${port}/health`, {
      headers: authorization ? { authorization } : {},
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
}

describe("consumer /health", () => {
  it("tells a caller without the metrics token only ok or degraded, with 200 or 503", async () => {
    const paused = await serve(PAUSED, TOKEN);
    expect(await paused()).toEqual({ status: 200, body: { status: "ok" } });
    expect(await paused("Bearer wrong-token")).toEqual({ status: 200, body: { status: "ok" } });
    const down = await serve(DOWN, TOKEN);
    expect(await down()).toEqual({ status: 503, body: { status: "degraded" } });
  });

  it("gives the whole report (errors, who paused) to a caller with the metrics token", async () => {
    const health = await serve(PAUSED, TOKEN);
    expect(await health(`Bearer ${TOKEN}`)).toEqual({ status: 200, body: { status: "ok", ...PAUSED } });
  });

  it("gives the whole report to anyone when no token is set, as it does /metrics", async () => {
    const health = await serve(DOWN);
    expect(await health()).toEqual({ status: 503, body: { status: "degraded", ...DOWN } });
  });
});

describe("consumer /health/ready and /health/live", () => {
  const get = async (port: number, path: string) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it("/health/ready is the readiness report (/health answers the same, for compatibility)", async () => {
    const server = startHttpServer(0, new Registry(), async () => DOWN);
    close = server.close;
    const port = await server.listening;
    expect(await get(port, "/health/ready")).toEqual({ status: 503, body: { status: "degraded", ...DOWN } });
    expect(await get(port, "/health")).toEqual({ status: 503, body: { status: "degraded", ...DOWN } });
  });

  it("/health/live answers 200 without asking for the report (no PostgreSQL, no broker)", async () => {
    let asked = 0;
    const server = startHttpServer(0, new Registry(), async () => {
      asked++;
      return DOWN;
    });
    close = server.close;
    const port = await server.listening;
    expect(await get(port, "/health/live")).toEqual({ status: 200, body: { status: "ok" } });
    expect(asked).toBe(0);
  });
});
