import { describeStorageContract, type StorageHarness } from "@tps/core/testing";
import { createDb } from "@tps/db";
import { afterAll, beforeAll, inject } from "vitest";
import { createTestDatabase } from "../testing";
import { createConsumerDirectory } from "./consumer-directory";
import { createTaskRepository } from "./task-repository";
import { createWorkStore } from "./work-store";

let harness: StorageHarness;

beforeAll(async () => {
  const database = await createTestDatabase(inject("templateDatabaseUrl"));
  const db = createDb(database.url, { maxConnections: 3 });
  harness = {
    repo: createTaskRepository(db),
    work: createWorkStore(db),
    async force(
      id,
      {
        status,
        leaseOwner = null,
        leaseToken = null,
        leaseLapsed = false,
        attempts,
        dueInMs = -1_000,
        expiresInMs,
      },
    ) {
      const leaseMs = leaseLapsed ? -60_000 : 60_000;
      await db.$executeRaw`
        UPDATE tasks SET status = ${status}::"TaskStatus", attempts = COALESCE(${attempts ?? null}::int, attempts),
          lease_owner = ${leaseOwner}, lease_token = ${leaseToken}::uuid,
          lease_expires_at = CASE WHEN ${leaseOwner}::text IS NULL THEN NULL
                                  ELSE now() + ${leaseMs} * interval '1 millisecond' END,
          available_at = now() + ${dueInMs} * interval '1 millisecond',
          expires_at = CASE WHEN ${expiresInMs ?? null}::int IS NULL THEN expires_at
                            ELSE now() + ${expiresInMs ?? 0} * interval '1 millisecond' END
        WHERE id = ${id}`;
    },
    async workerOnline(types) {
      await createConsumerDirectory(db).beat({
        id: `contract-${types.join("-")}`,
        hostname: "contract",
        startedAt: new Date(),
        inFlight: 0,
        prefetch: 1,
        types,
      });
    },
    async legacyKey(id, key) {
      await db.$executeRaw`UPDATE tasks SET idempotency_key = ${key} WHERE id = ${id}`;
    },
    advance: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    async close() {
      await db.$disconnect();
      await database.drop();
    },
  };
});
afterAll(() => harness?.close());

describeStorageContract("PostgreSQL", () => harness);
