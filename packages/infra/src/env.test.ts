import { describe, expect, it } from "vitest";
import { redisPrefix } from "./env";

describe("redisPrefix", () => {
  it("namespaces cancel flags by database as well as by queue", () => {
    const a = redisPrefix("task_queue", "postgresql://postgres@127.0.0.1:5432/tps_staging");
    const b = redisPrefix("task_queue", "postgresql://postgres@127.0.0.1:5432/tps_prod");
    // Two deployments sharing a Redis and a queue name must not cancel each other's task 42.
    expect(a).not.toBe(b);
    expect(a).toBe("tps:tps_staging:task_queue:");
  });

  it("is the same for every app on one database, whatever host name each uses to reach it", () => {
    expect(redisPrefix("q", "postgresql://u@db:5432/tps")).toBe(
      redisPrefix("q", "postgresql://u@127.0.0.1/tps?x=1"),
    );
  });
});
