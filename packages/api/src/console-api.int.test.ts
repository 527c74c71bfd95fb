import { FAILED_THEN_RETRIED_EVENTS } from "@tps/core/testing";
import { createWorkStore } from "@tps/infra";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestCaller } from "./api-test-helpers";

/** The console's procedures (search, sort, bulk actions, timeline, dashboard) on real services. */
describe("console procedures on real PostgreSQL", () => {
  const { api, caller } = useTestCaller();
  let ids: number[];

  beforeAll(async () => {
    const { items } = await caller.tasks.createMany({
      payloads: [
        "resize image 1",
        "resize image 2",
        "send email to ann",
        "send email to bob",
        "fail: broken",
        "100% done",
      ],
    });
    ids = items.map((t) => t.id);
  });

  it("searches payload substrings case-insensitively, with LIKE wildcards taken literally", async () => {
    const found = await caller.tasks.list({ filter: { search: "EMAIL" } });
    expect(found.items.map((t) => t.payload)).toEqual(["send email to bob", "send email to ann"]);
    const percent = await caller.tasks.list({ filter: { search: "100%" } });
    expect(percent.items.map((t) => t.payload)).toEqual(["100% done"]);
    const underscore = await caller.tasks.list({ filter: { search: "_" } });
    expect(underscore.items).toEqual([]);
  });

  it("finds a task by exact id with or without #", async () => {
    const id = ids[2]!;
    expect((await caller.tasks.list({ filter: { search: String(id) } })).items.map((t) => t.id)).toContain(
      id,
    );
    expect((await caller.tasks.list({ filter: { search: `#${id}` } })).items.map((t) => t.id)).toEqual([id]);
  });

  it("filters by created time range and rejects an inverted range", async () => {
    const all = await caller.tasks.list({ limit: 100 });
    const newest = all.items[0]!;
    const upTo = await caller.tasks.list({ filter: { createdTo: "2000-01-01T00:00:00Z" } });
    expect(upTo.items).toEqual([]);
    const from = await caller.tasks.list({ filter: { createdFrom: newest.createdAt } });
    expect(from.items.map((t) => t.id)).toContain(newest.id);
    await expect(
      caller.tasks.list({
        filter: { createdFrom: "2030-01-01T00:00:00Z", createdTo: "2020-01-01T00:00:00Z" },
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("createdFrom") });
    await expect(caller.tasks.list({ filter: { createdFrom: "yesterday" } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("rejects a tampered cursor with a 400", async () => {
    await expect(caller.tasks.list({ cursor: "garbage" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("cursor"),
    });
  });

  it("sorts by finished time and pages through it without gaps or repeats", async () => {
    const { items } = await caller.tasks.createMany({
      payloads: Array.from({ length: 7 }, (_, i) => `fin-${i}`),
    });
    // Finished times in reverse id order, so the finished order is the opposite of the id order.
    await api().db.$executeRaw`
      UPDATE tasks SET status = 'COMPLETED', finished_at = created_at + (1000 - id) * interval '1 millisecond'
      WHERE payload LIKE 'fin-%'`;
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof caller.tasks.list>> = await caller.tasks.list({
        filter: { search: "fin-" },
        sort: "finished",
        limit: 3,
        cursor,
      });
      seen.push(...page.items.map((t) => t.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(items.map((t) => t.id)); // lowest id finished last, so it comes first
  });

  it("cancels selected tasks, counting those it skipped", async () => {
    const { items } = await caller.tasks.createMany({ payloads: ["sel-1", "sel-2"] });
    await caller.tasks.cancel({ id: items[0]!.id });
    const result = await caller.tasks.cancelMany({ ids: [items[0]!.id, items[1]!.id, 999_999] });
    expect(result).toEqual({ changed: 1, skipped: 2 });
  });

  it("cancels everything matching a filter in chunks, idempotently", async () => {
    await caller.tasks.createMany({ payloads: Array.from({ length: 25 }, (_, i) => `bulk-cancel-${i}`) });
    const filter = { search: "bulk-cancel-" };
    expect((await caller.tasks.stats({ filter })).PENDING).toBe(25);
    const progress: number[] = [];
    let remaining = Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      const step = await caller.tasks.cancelMatching({ filter, chunk: 10, expectedCount: 1_000 });
      progress.push(step.changed);
      remaining = step.remaining;
    }
    expect(progress).toEqual([10, 10, 5]);
    expect(await caller.tasks.cancelMatching({ filter, chunk: 10, expectedCount: 1_000 })).toEqual({
      changed: 0,
      remaining: 0,
    });
    expect((await caller.tasks.stats({ filter })).CANCELED).toBe(25);
  });

  it("retries FAILED tasks by filter and records the whole timeline", async () => {
    const [task] = (await caller.tasks.createMany({ payloads: ["timeline-task"] })).items;
    const store = createWorkStore(api().db);
    const [claimed] = await store.claim([task!.id], "consumer-x", 60_000);
    await store.settle([{ ...claimed!, outcome: "fail", error: "boom" }], "consumer-x");
    expect(
      await caller.tasks.retryMatching({
        filter: { search: "timeline-task" },
        chunk: 5,
        expectedCount: 1_000,
      }),
    ).toEqual({
      changed: 1,
      remaining: 0,
    });
    const events = await caller.tasks.events({ id: task!.id });
    expect(events.map((e) => e.type)).toEqual(FAILED_THEN_RETRIED_EVENTS);
    expect(events[2]).toMatchObject({ attempt: 1, consumer: "consumer-x" });
    expect(events[3]).toMatchObject({ detail: "boom", attempt: 1 });
    await expect(caller.tasks.events({ id: 999_999 })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("reads whole-table and per-status counts from the counters, equal to counting the rows", async () => {
    // A date range forces the row count; without one the trigger-kept counters answer.
    const everything = { createdFrom: "2000-01-01T00:00:00Z" };
    expect(await caller.tasks.stats()).toEqual(await caller.tasks.stats({ filter: everything }));
    expect(await caller.tasks.stats({ filter: { status: "CANCELED" } })).toEqual(
      await caller.tasks.stats({ filter: { ...everything, status: "CANCELED" } }),
    );
  });

  it("summarises the last 15 minutes for the dashboard", async () => {
    const store = createWorkStore(api().db);
    const [task] = (await caller.tasks.createMany({ payloads: ["dash"] })).items;
    const [claimed] = await store.claim([task!.id], "c", 60_000);
    await store.settle([{ ...claimed!, outcome: "complete" }], "c");
    const overview = await caller.dashboard.overview();
    expect(overview.counts.COMPLETED).toBeGreaterThanOrEqual(1);
    expect(overview.activity.buckets).toHaveLength(31);
    const totals = overview.activity.buckets.reduce(
      (sum, b) => ({ created: sum.created + b.created, completed: sum.completed + b.completed }),
      { created: 0, completed: 0 },
    );
    const stats = await caller.tasks.stats();
    expect(totals.created).toBe(Object.values(stats).reduce((a, b) => a + b, 0));
    // Every task of this database finished within the window.
    expect(totals.completed).toBe(overview.counts.COMPLETED);
    expect(overview.activity.latency.completed).toBe(overview.counts.COMPLETED);
    expect(overview.activity.latency.p50).toBeGreaterThanOrEqual(0);
    expect(overview.queueDepth).toBeGreaterThan(0);
  });

  it("covers the range asked for: an hour, a day or a week, each in under 50 buckets", async () => {
    const expected = { "15m": 31, "1h": 31, "24h": 25, "7d": 29 } as const;
    for (const [range, buckets] of Object.entries(expected)) {
      const overview = await caller.dashboard.overview({ range: range as keyof typeof expected });
      expect(overview.range).toBe(range);
      expect(overview.activity.buckets, range).toHaveLength(buckets);
    }
    const week = await caller.dashboard.overview({ range: "7d" });
    const finished = week.activity.buckets.reduce((sum, b) => sum + b.completed + b.canceled + b.failed, 0);
    expect(finished).toBe(week.counts.COMPLETED + week.counts.CANCELED + week.counts.FAILED);
    await expect(caller.dashboard.overview({ range: "1y" as "7d" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("lists live consumers from their heartbeats", async () => {
    const { createConsumerDirectory } = await import("@tps/infra");
    const directory = createConsumerDirectory(api().db);
    await directory.beat({
      id: "c-1",
      hostname: "h",
      startedAt: new Date(),
      inFlight: 42,
      prefetch: 2000,
      types: ["sleep"],
    });
    expect((await caller.dashboard.overview()).consumers).toMatchObject([
      { id: "c-1", inFlight: 42, runningTaskIds: [] },
    ]);
    // What it runs now: the tasks under its lease, longest-running first, at most 10.
    const store = createWorkStore(api().db);
    const { items } = await caller.tasks.createMany({
      payloads: Array.from({ length: 12 }, (_, i) => `run-${i}`),
    });
    for (const task of items) await store.claim([task.id], "c-1", 60_000);
    const [consumer] = (await caller.dashboard.overview()).consumers;
    expect(consumer!.runningTaskIds).toEqual(items.slice(0, 10).map((t) => t.id));
    await directory.stopped("c-1");
    expect((await caller.dashboard.overview()).consumers).toEqual([]);
  });

  it("notifies change subscribers when tasks are written", async () => {
    let ticks = 0;
    const unsubscribe = api().context.changes.subscribe(() => ticks++);
    await new Promise((r) => setTimeout(r, 300)); // LISTEN connection opens
    const task = await caller.tasks.create({ payload: "notify me" });
    await expect.poll(() => ticks, { timeout: 3_000 }).toBeGreaterThan(0);
    // Deleting (retention, an admin's delete) wakes other consoles as well.
    await caller.tasks.cancel({ id: task.id });
    await new Promise((r) => setTimeout(r, 300));
    const before = ticks;
    expect(await caller.tasks.delete({ ids: [task.id] })).toMatchObject({ changed: 1 });
    await expect.poll(() => ticks, { timeout: 3_000 }).toBeGreaterThan(before);
    unsubscribe();
  });
});
