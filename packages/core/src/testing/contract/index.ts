import { describe } from "vitest";
import type { StorageHarness } from "./harness";
import { idempotencyContract } from "./idempotency-contract";
import { retentionContract } from "./retention-contract";
import { runOptionsContract } from "./run-options-contract";
import { taskRepositoryContract } from "./task-repository-contract";
import { walkTransitions } from "./transition-walk";
import { workStoreContract } from "./work-store-contract";

export type { ForcedState, StorageHarness } from "./harness";
export { describeProcessingControlContract } from "./processing-control-contract";

/**
 * The storage contract: every case runs against each implementation (the in-memory fake in unit
 * tests, PostgreSQL in integration tests), so the fake cannot drift from the real adapter.
 * `harness` returns the implementation set up by the caller's `beforeAll`.
 */
export function describeStorageContract(name: string, harness: () => StorageHarness) {
  describe(`storage contract: ${name}`, () => {
    describe("task repository", () => taskRepositoryContract(harness));
    describe("idempotency keys", () => idempotencyContract(harness));
    describe("work store", () => workStoreContract(harness));
    describe("state machine", () => walkTransitions(harness));
    describe("retention", () => retentionContract(harness));
    describe("run options: delays, priorities, expiry", () => runOptionsContract(harness));
  });
}
export { type DeadLetterHarness, describeDeadLetterContract } from "./dead-letter-contract";
