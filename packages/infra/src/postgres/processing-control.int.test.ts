import { describeProcessingControlContract } from "@tps/core/testing";
import type { PrismaClient } from "@tps/db";
import { expect, it } from "vitest";
import { usePostgresAdapter } from "../testing/suite-hooks";
import { createProcessingControl } from "./processing-control";

const control = usePostgresAdapter((db) => createProcessingControl(db));

describeProcessingControlContract("PostgreSQL", control);

it("two admins pausing at once: one pauser wins and both see it", async () => {
  await control().resume("setup");
  const results = await Promise.all(
    Array.from({ length: 6 }, (_, i) => control().pause(`admin${i}@example.com`, `r${i}`)),
  );
  const winner = await control().status();
  expect(winner.paused).toBe(true);
  for (const r of results) expect(r).toEqual(winner);
  await control().resume("setup");
});

it("a database that does not answer fails the call within its timeout", async () => {
  const hung = createProcessingControl(
    { $queryRaw: () => new Promise(() => {}) } as unknown as PrismaClient,
    { timeoutMs: 100 },
  );
  await expect(hung.status()).rejects.toMatchObject({ code: "UNAVAILABLE" });
});
