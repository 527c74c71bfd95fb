import { expect, it } from "vitest";
import { RETRY_NOW_DETAIL } from "../../domain/task";
import type { StorageHarness } from "./harness";

const types = async (h: StorageHarness, id: number) => (await h.repo.events(id)).map((e) => e.type);

/** What the API relies on from storage, the same cases for every implementation. */
export function taskRepositoryContract(harness: () => StorageHarness) {
  it("inserts PENDING tasks in input order, unpublished, each with a 'created' step", async () => {
    const h = harness();
    const tasks = await h.repo.insertMany(["c-1", "c-2", "c-3"]);
    expect(tasks.map((t) => t.payload)).toEqual(["c-1", "c-2", "c-3"]);
    expect(tasks.map((t) => t.id)).toEqual([...tasks.map((t) => t.id)].sort((a, b) => a - b));
    for (const t of tasks) {
      expect(t).toMatchObject({
        status: "PENDING",
        attempts: 0,
        maxAttempts: 3,
        publishedAt: null,
        lastError: null,
      });
      expect(await types(h, t.id)).toEqual(["created"]);
    }
  });

  it("marks a task published once", async () => {
    const h = harness();
    const [task] = await h.repo.insertMany(["publish-once"]);
    await h.advance(5);
    await h.repo.markPublished([{ id: task!.id, attempts: 0 }]);
    const published = (await h.repo.findById(task!.id))!;
    const first = published.publishedAt;
    expect(first).not.toBeNull();
    expect(Date.parse(published.updatedAt)).toBeGreaterThan(Date.parse(task!.updatedAt));
    await h.repo.markPublished([{ id: task!.id, attempts: 0 }]);
    expect((await h.repo.findById(task!.id))!.publishedAt).toBe(first);
    expect(await types(h, task!.id)).toEqual(["created", "published"]);
  });

  it("marks published only the state it published: not a task claimed and backed off meanwhile", async () => {
    const h = harness();
    const [task] = await h.repo.insertMany(["late-confirm"]);
    const [claimed] = await h.work.claim([task!.id], "c1", 60_000);
    await h.work.settle(
      [{ id: task!.id, leaseToken: claimed!.leaseToken, outcome: "backoff", error: "x", delayMs: 60_000 }],
      "c1",
    );
    await h.repo.markPublished([{ id: task!.id, attempts: 0 }]);
    expect((await h.repo.findById(task!.id))!.publishedAt).toBeNull();
  });

  it("returns the same task for the same idempotency key", async () => {
    const h = harness();
    const [first, plain] = await h.repo.insertIdempotent([
      { payload: "idem-a", idempotencyKey: "contract-key-1" },
      { payload: "idem-plain" },
    ]);
    expect(first).toMatchObject({ created: true, task: { payload: "idem-a" } });
    expect(plain!.created).toBe(true);
    const [again] = await h.repo.insertIdempotent([{ payload: "idem-b", idempotencyKey: "contract-key-1" }]);
    expect(again).toEqual({ created: false, task: first!.task });
  });

  it("finds nothing for an unknown id", async () => {
    expect(await harness().repo.findById(2_000_000_000)).toBeNull();
  });

  it("lists newest first, page by page, with a filter", async () => {
    const h = harness();
    const tasks = await h.repo.insertMany(["page-a", "page-b", "page-c", "other"]);
    const first = await h.repo.list({ filter: { search: "page-" }, sort: "created", after: null, limit: 2 });
    expect(first.items.map((t) => t.payload)).toEqual(["page-c", "page-b"]);
    expect(first.next).toEqual({ id: tasks[1]!.id });
    const second = await h.repo.list({
      filter: { search: "page-" },
      sort: "created",
      after: first.next,
      limit: 2,
    });
    expect(second.items.map((t) => t.payload)).toEqual(["page-a"]);
    expect(second.next).toBeNull();
  });

  it("counts per status and finds ids oldest first within statuses", async () => {
    const h = harness();
    const tasks = await h.repo.insertMany(["count-1", "count-2", "count-3"]);
    await h.repo.cancel([tasks[1]!.id]);
    const counts = await h.repo.countByStatus({ search: "count-" });
    expect(counts).toEqual({ PENDING: 2, PROCESSING: 0, COMPLETED: 0, CANCELED: 1, FAILED: 0 });
    expect(await h.repo.findIds({ search: "count-" }, ["PENDING"], 10)).toEqual([tasks[0]!.id, tasks[2]!.id]);
    expect(await h.repo.findIds({ search: "count-" }, ["PENDING", "CANCELED"], 2)).toEqual([
      tasks[0]!.id,
      tasks[1]!.id,
    ]);
  });

  it("cancels with the attempt on the timeline, stamps the times and moves updatedAt", async () => {
    const h = harness();
    const [task] = await h.repo.insertMany(["cancel-me"]);
    await h.work.claim([task!.id], "c1", 60_000);
    await h.advance(5);
    const [canceled] = await h.repo.cancel([task!.id, task!.id]);
    expect(canceled).toMatchObject({ status: "CANCELED", attempts: 1 });
    expect(canceled!.canceledAt).not.toBeNull();
    expect(canceled!.finishedAt).toBe(canceled!.canceledAt);
    expect(Date.parse(canceled!.updatedAt)).toBeGreaterThan(Date.parse(task!.updatedAt));
    const events = await h.repo.events(task!.id);
    expect(events.at(-1)).toMatchObject({ type: "canceled", attempt: 1 });
    expect(await h.repo.cancel([task!.id])).toEqual([]);
  });

  it("retries a FAILED task with a fresh set of attempts", async () => {
    const h = harness();
    const [task] = await h.repo.insertMany(["retry-me"]);
    const [claimed] = await h.work.claim([task!.id], "c1", 60_000);
    await h.work.settle(
      [{ id: task!.id, leaseToken: claimed!.leaseToken, outcome: "fail", error: "boom" }],
      "c1",
    );
    const [retried] = await h.repo.retry([task!.id]);
    expect(retried).toMatchObject({
      status: "PENDING",
      attempts: 0,
      finishedAt: null,
      startedAt: null,
      publishedAt: null,
    });
    expect(await types(h, task!.id)).toEqual(["created", "started", "failed", "retried"]);
  });

  it("shows when a PENDING task's next attempt may start, and retry now makes it due", async () => {
    const h = harness();
    const [task] = await h.repo.insertMany(["retry-now"]);
    expect(task!.nextAttemptAt).toBe(task!.createdAt);
    const [claimed] = await h.work.claim([task!.id], "c1", 60_000);
    expect((await h.repo.findById(task!.id))!.nextAttemptAt).toBeNull();
    await h.work.settle(
      [{ id: task!.id, leaseToken: claimed!.leaseToken, outcome: "backoff", error: "boom", delayMs: 60_000 }],
      "c1",
    );
    const waiting = await h.repo.findById(task!.id);
    expect(waiting).toMatchObject({ status: "PENDING", attempts: 1, publishedAt: null });
    expect(Date.parse(waiting!.nextAttemptAt!)).toBeGreaterThan(Date.parse(waiting!.updatedAt) + 30_000);
    expect(await h.work.claim([task!.id], "c2", 60_000)).toEqual([]);

    await h.advance(5);
    const [due] = await h.repo.retryNow([task!.id, task!.id], "ops@example.com");
    expect(due).toMatchObject({ status: "PENDING", attempts: 1, publishedAt: null, lastError: "boom" });
    expect(due!.nextAttemptAt).toBe(due!.updatedAt);
    expect(Date.parse(due!.updatedAt)).toBeGreaterThan(Date.parse(waiting!.updatedAt));
    expect((await h.repo.events(task!.id)).at(-1)).toMatchObject({
      type: "retried",
      attempt: 1,
      actor: "ops@example.com",
      detail: RETRY_NOW_DETAIL,
    });
    // Due already: nothing to skip.
    expect(await h.repo.retryNow([task!.id])).toEqual([]);
    expect(await h.work.claim([task!.id], "c2", 60_000)).toHaveLength(1);
  });
}
