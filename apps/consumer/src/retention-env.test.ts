import { describe, expect, it } from "vitest";
import { z } from "zod";
import { consumerEnvShape, parseConsumerEnv } from "./env";

describe("retention settings", () => {
  it("default to 30 days, 1,000 rows a batch, a pass every 10 minutes", () => {
    expect(parseConsumerEnv({})).toMatchObject({
      RETENTION_DAYS: 30,
      RETENTION_BATCH: 1_000,
      RETENTION_PAUSE_MS: 100,
      RETENTION_INTERVAL_MS: 600_000,
    });
    expect(parseConsumerEnv({ RETENTION_DAYS: "0" }).RETENTION_DAYS).toBe(0);
  });

  it("refuse values that are not whole numbers in range", () => {
    const shape = z.object(consumerEnvShape);
    for (const bad of [
      { RETENTION_DAYS: "-1" },
      { RETENTION_DAYS: "7d" },
      { RETENTION_BATCH: "0" },
      { RETENTION_INTERVAL_MS: "10" },
    ]) {
      expect(shape.safeParse(bad).success).toBe(false);
    }
  });
});
