import { beforeAll } from "vitest";
import { describeStorageContract, type StorageHarness } from "./contract";
import { InMemoryTaskStore } from "./in-memory-store";

let harness: StorageHarness;

beforeAll(() => {
  let clock = Date.parse("2026-01-01T00:00:00Z");
  const store = new InMemoryTaskStore(() => clock);
  harness = {
    repo: store,
    work: store,
    async force(id, state) {
      const row = store.rows.get(id)!;
      row.status = state.status;
      row.attempts = state.attempts ?? row.attempts;
      row.leaseOwner = state.leaseOwner ?? null;
      row.leaseToken = state.leaseToken ?? null;
      row.leaseExpiresAt = state.leaseOwner ? clock + (state.leaseLapsed ? -60_000 : 60_000) : null;
      row.availableAt = clock + (state.dueInMs ?? -1_000);
      if (state.expiresInMs !== undefined) row.expiresAt = clock + state.expiresInMs;
    },
    async workerOnline(types) {
      store.liveTypes = new Set([...(store.liveTypes ?? []), ...types]);
    },
    async legacyKey(id, key) {
      store.legacyKey(id, key);
    },
    async advance(ms) {
      clock += ms;
    },
    async close() {},
  };
});

describeStorageContract("in-memory fake", () => harness);
