import { hostname } from "node:os";
import { createSleepTask } from "@tps/worker/internal";
import { describe, expect, it } from "vitest";
import { sleepLimitsOf } from "./consumer-app";
import { parseConsumerEnv } from "./env";

describe("consumer env", () => {
  it("defaults CONSUMER_ID to one unique per process start (hostname, pid and a random suffix)", () => {
    const a = parseConsumerEnv({}).CONSUMER_ID;
    const b = parseConsumerEnv({}).CONSUMER_ID;
    expect(a.startsWith(`${hostname()}-${process.pid}-`)).toBe(true);
    // A restarted container can reuse its pid: a new start must never look like the old one.
    expect(a).not.toBe(b);
  });

  it("keeps an explicit CONSUMER_ID", () => {
    expect(parseConsumerEnv({ CONSUMER_ID: "worker-7" }).CONSUMER_ID).toBe("worker-7");
  });

  it("puts no limit on the sleep type by default, and the SLEEP_* limits when set", () => {
    expect(sleepLimitsOf(parseConsumerEnv({}))).toEqual({});
    const limits = sleepLimitsOf(
      parseConsumerEnv({
        SLEEP_CONCURRENCY_LIMIT: "5",
        SLEEP_RATE_LIMIT_MAX: "100",
        SLEEP_RATE_LIMIT_PER_MS: "60000",
      }),
    );
    expect(limits).toEqual({ concurrencyLimit: 5, rateLimit: { max: 100, perMs: 60_000 } });
    const sleep = createSleepTask(10, false, limits);
    expect(sleep).toMatchObject({ concurrencyLimit: 5, rateLimit: { max: 100, perMs: 60_000 } });
    expect(createSleepTask(10, false)).not.toHaveProperty("concurrencyLimit");
  });
});
