import type { ProcessingControl } from "@tps/core";
import { describeProcessingControlContract } from "@tps/core/testing";
import { createDb, type PrismaClient } from "@tps/db";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { createTestDatabase } from "../testing";
import { createProcessingControl } from "./processing-control";

let control: ProcessingControl;
let db: PrismaClient;
let drop: () => Promise<void>;

beforeAll(async () => {
  const database = await createTestDatabase(inject("templateDatabaseUrl"));
  db = createDb(database.url, { maxConnections: 3 });
  drop = database.drop;
  control = createProcessingControl(db);
});
afterAll(async () => {
  await db?.$disconnect();
  await drop?.();
});

describeProcessingControlContract("PostgreSQL", () => control);

it("two admins pausing at once: one pauser wins and both see it", async () => {
  await control.resume("setup");
  const results = await Promise.all(
    Array.from({ length: 6 }, (_, i) => control.pause(`admin${i}@example.com`, `r${i}`)),
  );
  const winner = await control.status();
  expect(winner.paused).toBe(true);
  for (const r of results) expect(r).toEqual(winner);
  await control.resume("setup");
});

it("a database that does not answer fails the call within its timeout", async () => {
  const hung = createProcessingControl(
    { $queryRaw: () => new Promise(() => {}) } as unknown as PrismaClient,
    { timeoutMs: 100 },
  );
  await expect(hung.status()).rejects.toMatchObject({ code: "UNAVAILABLE" });
});
