import { expect, it } from "vitest";
import { RETRY_NOW_DETAIL } from "../../domain/task";
import { FAILED_THEN_RETRIED_EVENTS } from "../timelines";
import type { StorageHarness } from "./harness";

const types = async (h: StorageHarness, id: number) => (await h.repo.events(id)).map((e) => e.type);

/** What the API relies on from storage, the same cases for every implementation. */
export function taskRepositoryContract(harness: () => StorageHarness) {
  it("inserts PENDING tasks in input order, marked published, each with 'created' and 'published' steps", async () => {
    const h = harness();
    const tasks = await h.repo.insertMany(["c-1", "c-2", "c-3"]);
    expect(tasks.map((t) => t.payload)).toEqual(["c-1", "c-2", "c-3"]);
    expect(tasks.map((t) => t.id)).toEqual([...tasks.map((t) => t.id)].sort((a, b) => a - b));
    for (const t of tasks) {
      expect(t).toMatchObject({ status: "PENDING", attempts: 0, maxAttempts: 3, lastError: null });
      expect(t.publishedAt).toBe(t.createdAt);
      expect(await types(h, t.id)).toEqual(["created", "published"]);
      expect((await h.repo.findById(t.id))!.publishedAt).toBe(t.publishedAt);
    }
  });

  it("takes back a publish mark: the task becomes unpublished and loses that step", async () => {
    const h = harness();
    const [task] = await h.repo.insertMany(["send-failed"]);
    await h.advance(5);
    await h.repo.unmarkPublished([{ id: task!.id, publishedAt: task!.publishedAt! }]);
    const unmarked = (await h.repo.findById(task!.id))!;
    expect(unmarked.publishedAt).toBeNull();
    expect(Date.parse(unmarked.updatedAt)).toBeGreaterThan(Date.parse(task!.updatedAt));
    expect(await types(h, task!.id)).toEqual(["created"]);
    await h.repo.unmarkPublished([{ id: task!.id, publishedAt: task!.publishedAt! }]); // twice: no change
    expect(await types(h, task!.id)).toEqual(["created"]);
  });

  it("takes back only the mark it was given: not a task claimed meanwhile, nor one marked again", async () => {
    const h = harness();
    const [claimedTask, remarked] = await h.repo.insertMany(["claimed-meanwhile", "remarked"]);
    const [claimed] = await h.work.claim([claimedTask!.id], "c1", 60_000);
    await h.work.settle(
      [{ id: claimedTask!.id, leaseToken: claimed!.leaseToken, outcome: "backoff", error: "x", delayMs: 0 }],
      "c1",
    );
    await h.advance(5);
    await h.work.publishDue(10_000, 0, async () => {}); // the reconciler marks and sends it again
    const republished = (await h.repo.findById(claimedTask!.id))!.publishedAt;
    expect(republished).not.toBeNull();

    await h.repo.unmarkPublished([
      { id: claimedTask!.id, publishedAt: claimedTask!.publishedAt! },
      { id: remarked!.id, publishedAt: new Date(Date.parse(remarked!.publishedAt!) - 1).toISOString() },
    ]);
    expect((await h.repo.findById(claimedTask!.id))!.publishedAt).toBe(republished);
    expect((await h.repo.findById(remarked!.id))!.publishedAt).toBe(remarked!.publishedAt);
    expect(await types(h, remarked!.id)).toEqual(["created", "published"]);
  });

  it("returns the same task for the same idempotency key", async () => {
    const h = harness();
    const [first, plain] = await h.repo.insertIdempotent([
      { payload: "idem-a", idempotencyScope: "user:contract", idempotencyKey: "contract-key-1" },
      { payload: "idem-plain" },
    ]);
    expect(first).toMatchObject({ created: true, task: { payload: "idem-a" } });
    expect(plain!.created).toBe(true);
    const [again] = await h.repo.insertIdempotent([
      { payload: "idem-a", idempotencyScope: "user:contract", idempotencyKey: "contract-key-1" },
    ]);
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
    expect(retried).toMatchObject({ status: "PENDING", attempts: 0, finishedAt: null, startedAt: null });
    expect(retried!.publishedAt).toBe(retried!.updatedAt); // marked: its message is sent next
    expect(await types(h, task!.id)).toEqual(FAILED_THEN_RETRIED_EVENTS);
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
    expect(due).toMatchObject({ status: "PENDING", attempts: 1, lastError: "boom" });
    expect(due!.nextAttemptAt).toBe(due!.updatedAt);
    expect(due!.publishedAt).toBe(due!.updatedAt);
    expect(Date.parse(due!.updatedAt)).toBeGreaterThan(Date.parse(waiting!.updatedAt));
    const [retried, published] = (await h.repo.events(task!.id)).slice(-2);
    expect(retried).toMatchObject({
      type: "retried",
      attempt: 1,
      actor: "ops@example.com",
      detail: RETRY_NOW_DETAIL,
    });
    expect(published).toMatchObject({ type: "published", at: due!.publishedAt, actor: null, detail: null });
    // Due already: nothing to skip.
    expect(await h.repo.retryNow([task!.id])).toEqual([]);
    expect(await h.work.claim([task!.id], "c2", 60_000)).toHaveLength(1);
  });
}
