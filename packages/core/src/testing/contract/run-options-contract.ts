import { expect, it } from "vitest";
import { EXPIRED_ERROR } from "../../domain/run-options";
import type { TaskRef } from "../../ports";
import type { StorageHarness } from "./harness";

/** Later than any store's clock: a delayed task's run time. */
const FAR_AHEAD = "2099-01-01T00:00:00.000Z";
const SCHEDULE = "00000000-0000-4000-8000-00000000c0de";

/** Delays, priorities and expiry (run options), the same cases for every implementation. */
export function runOptionsContract(harness: () => StorageHarness) {
  it("stores a delayed task unpublished with its run time and priority, and claims it only once due", async () => {
    const h = harness();
    const [task] = await h.repo.insertMany([
      { payload: "delayed", availableAt: FAR_AHEAD, priority: 7, scheduleId: SCHEDULE },
    ]);
    expect(task).toMatchObject({
      status: "PENDING",
      publishedAt: null,
      nextAttemptAt: FAR_AHEAD,
      priority: 7,
      scheduleId: SCHEDULE,
      expiresAt: null,
      waitingOn: null,
      expired: false,
    });
    expect((await h.repo.events(task!.id)).map((e) => e.type)).toEqual(["created"]);
    expect(await h.work.claim([task!.id], "early", 60_000)).toEqual([]);
    const sent: TaskRef[] = [];
    await h.work.publishDue(10_000, 0, async (refs) => {
      sent.push(...refs);
    });
    expect(sent.map((r) => r.id)).not.toContain(task!.id);

    await h.force(task!.id, { status: "PENDING" }); // now due
    await h.work.publishDue(10_000, 0, async (refs) => {
      sent.push(...refs);
    });
    expect(sent.find((r) => r.id === task!.id)).toEqual({ id: task!.id, type: "sleep", priority: 7 });
    expect(await h.work.claim([task!.id], "on-time", 60_000)).toHaveLength(1);
  });

  it("publishes due tasks highest priority first", async () => {
    const h = harness();
    const tasks = await h.repo.insertMany(
      [0, 5, 2].map((priority) => ({ payload: `priority ${priority}`, availableAt: FAR_AHEAD, priority })),
    );
    for (const task of tasks) await h.force(task.id, { status: "PENDING" });
    const sent: TaskRef[] = [];
    await h.work.publishDue(10_000, 0, async (refs) => {
      sent.push(...refs);
    });
    const ours = new Set(tasks.map((t) => t.id));
    expect(sent.filter((r) => ours.has(r.id)).map((r) => r.priority ?? 0)).toEqual([5, 2, 0]);
  });

  it("marks a task without a delay published and gives it priority 0 by default", async () => {
    const h = harness();
    const [plain, past] = await h.repo.insertMany([
      { payload: "plain" },
      { payload: "run at a past time", availableAt: "2000-01-01T00:00:00.000Z", priority: 2 },
    ]);
    expect(plain).toMatchObject({ priority: 0, publishedAt: expect.any(String), scheduleId: null });
    expect(past).toMatchObject({ priority: 2, publishedAt: expect.any(String) });
    expect(Date.parse(past!.nextAttemptAt!)).toBe(Date.parse(past!.createdAt)); // a past runAt is now
  });

  it("starts a delayed task at once on retry now, and cancels one", async () => {
    const h = harness();
    const [later, dropped] = await h.repo.insertMany([
      { payload: "retry me now", availableAt: FAR_AHEAD },
      { payload: "cancel me", availableAt: FAR_AHEAD },
    ]);
    const [now] = await h.repo.retryNow([later!.id]);
    expect(now).toMatchObject({ status: "PENDING", publishedAt: expect.any(String) });
    expect(Date.parse(now!.nextAttemptAt!)).toBeLessThan(Date.parse(FAR_AHEAD));
    expect(await h.work.claim([later!.id], "now", 60_000)).toHaveLength(1);
    expect(await h.repo.cancel([dropped!.id])).toMatchObject([{ status: "CANCELED", expired: false }]);
  });

  it("expires a task past its expiry on claim instead of starting it, and reports it", async () => {
    const h = harness();
    const [stale, fresh] = await h.repo.insertMany([
      { payload: "too late", expiresAt: FAR_AHEAD },
      { payload: "in time", expiresAt: FAR_AHEAD },
    ]);
    expect(stale!.expiresAt).toBe(FAR_AHEAD);
    await h.force(stale!.id, { status: "PENDING", expiresInMs: -1_000 });
    const reported: TaskRef[] = [];
    const claimed = await h.work.claim([stale!.id, fresh!.id], "c1", 60_000, undefined, (tasks) =>
      reported.push(...tasks),
    );
    expect(claimed.map((t) => t.id)).toEqual([fresh!.id]);
    expect(reported).toEqual([{ id: stale!.id, type: "sleep" }]);
    expect(await h.repo.findById(stale!.id)).toMatchObject({
      status: "CANCELED",
      lastError: EXPIRED_ERROR,
      expired: true,
      attempts: 0,
      finishedAt: expect.any(String),
    });
    expect((await h.repo.events(stale!.id)).at(-1)).toMatchObject({ type: "expired" });
    expect(await h.work.claim([stale!.id], "c2", 60_000)).toEqual([]);
  });

  it("sweeps PENDING tasks past their expiry that no claim sees, and only those", async () => {
    const h = harness();
    const [delayed, alive, running] = await h.repo.insertMany([
      { payload: "delayed, expired", availableAt: FAR_AHEAD },
      { payload: "not expired yet" },
      { payload: "started in time" },
    ]);
    await h.force(delayed!.id, { status: "PENDING", dueInMs: 60_000, expiresInMs: -1_000 });
    await h.force(alive!.id, { status: "PENDING", expiresInMs: 60_000 });
    await h.force(running!.id, {
      status: "PROCESSING",
      leaseOwner: "c1",
      leaseToken: "00000000-0000-4000-8000-00000000e4e1",
      expiresInMs: -1_000,
    });
    const swept = await h.work.expireDue(10_000);
    expect(swept).toContainEqual({ id: delayed!.id, type: "sleep" });
    expect(swept.map((t) => t.id)).not.toContain(alive!.id);
    expect(swept.map((t) => t.id)).not.toContain(running!.id);
    expect(await h.repo.findById(delayed!.id)).toMatchObject({ status: "CANCELED", expired: true });
    expect(await h.repo.findById(alive!.id)).toMatchObject({ status: "PENDING" });
    expect(await h.repo.findById(running!.id)).toMatchObject({ status: "PROCESSING" });
    expect(await h.work.expireDue(10_000)).not.toContainEqual({ id: delayed!.id, type: "sleep" });
  });
}
