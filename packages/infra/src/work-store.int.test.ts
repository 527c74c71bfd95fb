import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createWorkStore } from "./postgres/work-store";
import { createTestApi } from "./testing";

/** The consumer's batched statements on real PostgreSQL: leases and lock ordering. */
describe("work store on real PostgreSQL", () => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let store: ReturnType<typeof createWorkStore>;

  beforeAll(async () => {
    api = await createTestApi(inject("templateDatabaseUrl"));
    store = createWorkStore(api.db);
  });
  afterAll(() => api?.dispose());

  const leaseOf = async (id: number) =>
    (
      await api.db.$queryRaw<{ lease: Date }[]>`SELECT lease_expires_at AS lease FROM tasks WHERE id = ${id}`
    )[0]!.lease;

  it("renews only leases past a third of their term, and reports the tasks still held", async () => {
    const [fresh, old, canceled] = await api.context.repo.insertMany(["fresh", "old", "canceled"]);
    await store.claim([fresh!.id, old!.id, canceled!.id], "c1", 60_000);
    await api.db
      .$executeRaw`UPDATE tasks SET lease_expires_at = now() + interval '10 seconds' WHERE id = ${old!.id}`;
    await api.context.repo.cancel([canceled!.id]);
    const freshLease = await leaseOf(fresh!.id);

    const held = await store.renewLeases([fresh!.id, old!.id, canceled!.id], "c1", 60_000);

    expect(held.sort((a, b) => a - b)).toEqual([fresh!.id, old!.id]);
    expect((await leaseOf(fresh!.id)).getTime()).toBe(freshLease.getTime()); // not due: no write
    expect((await leaseOf(old!.id)).getTime()).toBeGreaterThan(Date.now() + 50_000);
    expect(await store.renewLeases([fresh!.id], "someone-else", 60_000)).toEqual([]);
  });

  it("runs overlapping batches concurrently without deadlocks (rows are locked in id order)", async () => {
    const tasks = await api.context.repo.insertMany(Array.from({ length: 3_000 }, (_, i) => `lock-${i}`));
    const ids = tasks.map((t) => t.id);
    await store.claim(ids, "c1", 60_000);
    await api.db.$executeRaw`UPDATE tasks SET lease_expires_at = now() WHERE id = ANY(${ids}::int[])`;
    const shuffled = [...ids].sort(() => Math.random() - 0.5);
    const results = await Promise.allSettled([
      store.settle(
        shuffled.slice(0, 2_000).map((id) => ({ id, outcome: "complete" as const })),
        "c1",
      ),
      store.renewLeases([...ids].reverse(), "c1", 60_000),
      api.context.repo.cancel(shuffled.slice(1_000)),
      store.settle(
        shuffled
          .slice(2_000)
          .reverse()
          .map((id) => ({ id, outcome: "complete" as const })),
        "c1",
      ),
    ]);
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const counts = await api.context.repo.countByStatus({ search: "lock-" });
    expect(counts.PROCESSING + counts.PENDING).toBe(0);
    expect(counts.COMPLETED + counts.CANCELED).toBe(3_000);
  });
});
