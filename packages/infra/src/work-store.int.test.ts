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
    const claimed = await store.claim([fresh!.id, old!.id, canceled!.id], "c1", 60_000);
    const lease = (id: number) => claimed.find((c) => c.id === id)!;
    await api.db
      .$executeRaw`UPDATE tasks SET lease_expires_at = now() + interval '10 seconds' WHERE id = ${old!.id}`;
    await api.context.repo.cancel([canceled!.id]);
    const freshLease = await leaseOf(fresh!.id);

    const statuses = await store.renewLeases(
      [lease(fresh!.id), lease(old!.id), lease(canceled!.id)],
      "c1",
      60_000,
    );

    expect(statuses).toEqual([
      { leaseToken: lease(fresh!.id).leaseToken, held: true, canceled: false, canceledAt: null },
      { leaseToken: lease(old!.id).leaseToken, held: true, canceled: false, canceledAt: null },
      {
        leaseToken: lease(canceled!.id).leaseToken,
        held: false,
        canceled: true,
        canceledAt: expect.any(Date),
      },
    ]);
    expect((await leaseOf(fresh!.id)).getTime()).toBe(freshLease.getTime()); // not due: no write
    expect((await leaseOf(old!.id)).getTime()).toBeGreaterThan(Date.now() + 50_000);
    expect((await store.renewLeases([lease(fresh!.id)], "someone-else", 60_000))[0]!.held).toBe(false);
  });

  it("fences renewals and settles by the claim's lease token, not just the owner", async () => {
    const [task] = await api.context.repo.insertMany(["fenced"]);
    const [first] = await store.claim([task!.id], "c1", 60_000);
    expect(first!.leaseToken).toMatch(/^[0-9a-f-]{36}$/);
    // The first attempt's lease lapses (past a grace of 0) and the same consumer claims the task
    // again (takeover: the lost attempt is given back, so this one is attempt 1 again).
    await api.db
      .$executeRaw`UPDATE tasks SET lease_expires_at = now() - interval '1 second' WHERE id = ${task!.id}`;
    const [second] = await store.claim([task!.id], "c1", 60_000, { graceMs: 0, maxLosses: 3 });
    expect(second!.leaseToken).not.toBe(first!.leaseToken);

    const [stale] = await store.renewLeases([first!], "c1", 60_000);
    expect(stale).toMatchObject({ held: false, canceled: false });
    const [refused] = await store.settle([{ ...first!, outcome: "fail", error: "old attempt" }], "c1");
    expect(refused).toMatchObject({ id: task!.id, outcome: null, canceled: false });
    expect(await api.context.repo.findById(task!.id)).toMatchObject({ status: "PROCESSING", attempts: 1 });

    const [written] = await store.settle([{ ...second!, outcome: "complete" }], "c1");
    expect(written).toMatchObject({ id: task!.id, leaseToken: second!.leaseToken, outcome: "complete" });
    expect(await api.context.repo.findById(task!.id)).toMatchObject({ status: "COMPLETED", attempts: 1 });
  });

  it("says a refused settle was cancelled", async () => {
    const [task] = await api.context.repo.insertMany(["cancel-me"]);
    const [claimed] = await store.claim([task!.id], "c1", 60_000);
    await api.context.repo.cancel([task!.id]);
    const [refused] = await store.settle([{ ...claimed!, outcome: "complete" }], "c1");
    expect(refused).toMatchObject({ outcome: null, canceled: true });
  });

  it("reports every settlement of a mixed batch once: written, refused as cancelled, refused as lost", async () => {
    const tasks = await api.context.repo.insertMany(["done", "canceled", "lost", "done too"]);
    const claims = await store.claim(
      tasks.map((t) => t.id),
      "c1",
      60_000,
    );
    const [done, canceled, lost, doneToo] = tasks.map((t) => claims.find((c) => c.id === t.id)!);
    await api.context.repo.cancel([canceled!.id]);
    const results = await store.settle(
      [
        { ...done!, outcome: "complete" },
        { ...canceled!, outcome: "complete" },
        { ...lost!, leaseToken: "00000000-0000-4000-8000-000000000000", outcome: "complete" },
        { ...doneToo!, outcome: "fail", error: "boom" },
      ],
      "c1",
    );
    const byId = new Map(results.map((r) => [r.id, r]));
    expect(results).toHaveLength(4);
    expect(byId.get(done!.id)).toMatchObject({
      outcome: "complete",
      canceled: false,
      finishedAt: expect.any(Date),
    });
    expect(byId.get(canceled!.id)).toMatchObject({ outcome: null, canceled: true, finishedAt: null });
    expect(byId.get(lost!.id)).toMatchObject({ outcome: null, canceled: false, finishedAt: null });
    expect(byId.get(doneToo!.id)).toMatchObject({ outcome: "fail", canceled: false });
  });

  it("a late unmark of a failed send leaves a task claimed and backed off meanwhile to the reconciler (no stranded PENDING)", async () => {
    const [task] = await api.context.repo.insertMany(["fast failure"]);
    // The API's send fails; before its unmark lands, a consumer claims and fails fast.
    const [claimed] = await store.claim([task!.id], "c1", 60_000);
    await store.settle([{ ...claimed!, outcome: "backoff", error: "boom", delayMs: 0 }], "c1");
    await api.context.repo.unmarkPublished([{ id: task!.id, publishedAt: task!.publishedAt! }]);
    expect(await api.context.repo.findById(task!.id)).toMatchObject({ status: "PENDING", publishedAt: null });
    const sent: number[] = [];
    await store.publishDue(10, 0, async (tasks) => {
      sent.push(...tasks.map((t) => t.id));
    });
    expect(sent).toContain(task!.id);
    const steps = (await api.context.repo.events(task!.id)).map((e) => e.type);
    expect(steps).toEqual(["created", "published", "started", "backoff", "published"]);
  });

  it("puts a backoff's deadline on the database clock (now() + delay), whatever the consumer's clock says", async () => {
    const [task] = await api.context.repo.insertMany(["backoff"]);
    const [claimed] = await store.claim([task!.id], "c1", 60_000);
    await store.settle([{ ...claimed!, outcome: "backoff", error: "boom", delayMs: 5_000 }], "c1");
    const [row] = await api.db.$queryRaw<{ wait: number }[]>`
      SELECT extract(epoch FROM available_at - now())::float8 * 1000 AS wait FROM tasks WHERE id = ${task!.id}`;
    expect(row!.wait).toBeGreaterThan(4_000);
    expect(row!.wait).toBeLessThanOrEqual(5_000);
  });

  it("runs overlapping batches concurrently without deadlocks (rows are locked in id order)", async () => {
    const tasks = await api.context.repo.insertMany(Array.from({ length: 3_000 }, (_, i) => `lock-${i}`));
    const ids = tasks.map((t) => t.id);
    const claimed = await store.claim(ids, "c1", 60_000);
    const tokens = new Map(claimed.map((c) => [c.id, c.leaseToken]));
    const complete = (id: number) => ({ id, leaseToken: tokens.get(id)!, outcome: "complete" as const });
    await api.db.$executeRaw`UPDATE tasks SET lease_expires_at = now() WHERE id = ANY(${ids}::int[])`;
    const shuffled = [...ids].sort(() => Math.random() - 0.5);
    const results = await Promise.allSettled([
      store.settle(shuffled.slice(0, 2_000).map(complete), "c1"),
      store.renewLeases([...claimed].reverse(), "c1", 60_000),
      api.context.repo.cancel(shuffled.slice(1_000)),
      store.settle(shuffled.slice(2_000).reverse().map(complete), "c1"),
    ]);
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const counts = await api.context.repo.countByStatus({ search: "lock-" });
    expect(counts.PROCESSING + counts.PENDING).toBe(0);
    expect(counts.COMPLETED + counts.CANCELED).toBe(3_000);
  });
});
