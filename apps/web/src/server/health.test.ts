import { MemoryLog } from "@tps/core/testing";
import { describe, expect, it } from "vitest";
import { checkHealth, type HealthCheck, livenessResponse } from "./health";

const up = (name: string): HealthCheck => ({ name, check: async () => 1, timeoutMs: 100 });
const failing = (name: string, message: string): HealthCheck => ({
  name,
  check: async () => {
    throw new Error(message);
  },
  timeoutMs: 100,
});

/** Both health routes answer "ok" the same way, and a cache must never keep an answer. */
async function expectUncachedOk(res: Response) {
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: "ok" });
  expect(res.headers.get("cache-control")).toBe("no-store");
}

describe("/api/health", () => {
  it("answers 200 { status: ok } and nothing else when every dependency answers", async () => {
    await expectUncachedOk(await checkHealth([up("postgres"), up("rabbitmq"), up("redis")], new MemoryLog()));
  });

  it("answers 200 { status: degraded } when only an optional dependency is down; the log names it and why", async () => {
    const log = new MemoryLog();
    const hanging: HealthCheck = {
      name: "redis",
      check: () => new Promise(() => {}),
      timeoutMs: 20,
      optional: true,
    };
    const res = await checkHealth(
      [up("postgres"), { ...failing("rabbitmq", "ECONNREFUSED 10.0.0.7:5672"), optional: true }, hanging],
      log,
    );
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ status: "degraded" });
    expect(text).not.toMatch(/rabbitmq|redis|10\.0\.0\.7/);
    expect(log.entries).toEqual([
      expect.objectContaining({
        level: "warn",
        context: { down: { rabbitmq: "ECONNREFUSED 10.0.0.7:5672", redis: "no answer in 20 ms" } },
      }),
    ]);
  });

  it("answers 503 { status: unavailable } without naming the dependency or its error when a required one is down", async () => {
    const log = new MemoryLog();
    const res = await checkHealth(
      [
        failing("postgres", 'password authentication failed for user "tps_app" at db.internal'),
        up("rabbitmq"),
        { ...failing("redis", "hung"), optional: true },
      ],
      log,
    );
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ status: "unavailable" });
    expect(text).not.toMatch(/postgres|tps_app|redis/);
    expect(log.entries).toEqual([
      expect.objectContaining({
        level: "error",
        context: {
          down: {
            postgres: 'password authentication failed for user "tps_app" at db.internal',
            redis: "hung",
          },
        },
      }),
    ]);
  });

  it("counts a check that answers false as down", async () => {
    const res = await checkHealth(
      [{ name: "postgres", check: async () => false, timeoutMs: 100 }],
      new MemoryLog(),
    );
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: "unavailable" });
  });
});

describe("/api/health/live", () => {
  it("answers 200 { status: ok } without calling any dependency", async () => {
    await expectUncachedOk(livenessResponse());
  });
});
