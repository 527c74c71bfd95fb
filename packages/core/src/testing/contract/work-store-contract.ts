import { expect, it } from "vitest";
import { type LeaseLapsePolicy, leaseLostError } from "../../domain/task-state";
import type { StorageHarness } from "./harness";

/** Forced lapses are a minute old (see ForcedState): past this grace, short of the "patient" one. */
const LAPSE: LeaseLapsePolicy = { graceMs: 1_000, maxLosses: 3 };

/** What the consumer relies on from storage, the same cases for every implementation. */
export function workStoreContract(harness: () => StorageHarness) {
  it("claims due PENDING tasks once, counting the attempt and naming the consumer", async () => {
    const h = harness();
    const [a, b] = await h.repo.insertMany(["claim-a", "claim-b"]);
    const claimed = await h.work.claim([a!.id, b!.id, a!.id, 1_999_999_999], "c1", 60_000);
    expect(claimed.map((t) => [t.id, t.payload, t.attempts])).toEqual([
      [a!.id, "claim-a", 1],
      [b!.id, "claim-b", 1],
    ]);
    expect(await h.work.claim([a!.id], "c2", 60_000)).toEqual([]);
    expect((await h.repo.events(a!.id)).at(-1)).toMatchObject({
      type: "started",
      attempt: 1,
      consumer: "c1",
    });
  });

  it("settles only the owner's tasks, and each outcome writes what it means", async () => {
    const h = harness();
    const [done, later, failed, released] = await h.repo.insertMany([
      "s-done",
      "s-later",
      "s-failed",
      "s-released",
    ]);
    const ids = [done!.id, later!.id, failed!.id, released!.id];
    const claimed = await h.work.claim(ids, "owner", 60_000);
    const token = (id: number) => claimed.find((c) => c.id === id)!.leaseToken;
    const stale = "00000000-0000-4000-8000-0000000057a1";
    const [fenced] = await h.work.settle([{ id: done!.id, leaseToken: stale, outcome: "complete" }], "owner");
    expect(fenced).toMatchObject({ outcome: null, canceled: false });
    const settled = await h.work.settle(
      [
        { id: done!.id, leaseToken: token(done!.id), outcome: "complete" },
        {
          id: later!.id,
          leaseToken: token(later!.id),
          outcome: "backoff",
          error: "try again",
          delayMs: 60_000,
        },
        { id: failed!.id, leaseToken: token(failed!.id), outcome: "fail", error: "gave up" },
        { id: released!.id, leaseToken: token(released!.id), outcome: "release" },
      ],
      "owner",
    );
    expect(settled.map((s) => s.outcome).sort()).toEqual(["backoff", "complete", "fail", "release"]);
    expect(await h.repo.findById(done!.id)).toMatchObject({ status: "COMPLETED", attempts: 1 });
    expect(await h.repo.findById(later!.id)).toMatchObject({
      status: "PENDING",
      lastError: "try again",
      publishedAt: null,
    });
    expect(await h.repo.findById(failed!.id)).toMatchObject({ status: "FAILED", lastError: "gave up" });
    expect(await h.repo.findById(released!.id)).toMatchObject({ status: "PENDING", attempts: 0 });
    // Backing off: not claimable before it is due.
    expect(await h.work.claim([later!.id], "owner", 60_000)).toEqual([]);
    expect((await h.repo.events(later!.id)).at(-1)).toMatchObject({ type: "backoff", detail: "try again" });
  });

  it("renews and reports only the leases the owner still holds, naming cancels", async () => {
    const h = harness();
    const [held, canceled, other] = await h.repo.insertMany(["r-held", "r-canceled", "r-other"]);
    const mine = await h.work.claim([held!.id, canceled!.id], "c1", 60_000);
    const [theirs] = await h.work.claim([other!.id], "c2", 60_000);
    await h.repo.cancel([canceled!.id]);
    const leases = [...mine, theirs!].map(({ id, leaseToken }) => ({ id, leaseToken }));
    const statuses = await h.work.renewLeases(leases, "c1", 60_000);
    const byToken = new Map(statuses.map((s) => [s.leaseToken, s]));
    expect(byToken.get(mine.find((t) => t.id === held!.id)!.leaseToken)).toMatchObject({ held: true });
    expect(byToken.get(mine.find((t) => t.id === canceled!.id)!.leaseToken)).toMatchObject({
      held: false,
      canceled: true,
    });
    expect(byToken.get(theirs!.leaseToken)?.held ?? false).toBe(false);
  });

  it("tells existing ids from unknown ones", async () => {
    const h = harness();
    const [task] = await h.repo.insertMany(["exists"]);
    expect(await h.work.existingIds([task!.id, 1_999_999_998])).toEqual([task!.id]);
  });

  it("gives a lapsed lease's attempt back and counts the loss, even on the last attempt", async () => {
    const h = harness();
    const [early, last] = await h.repo.insertMany(["lapsed-early", "lapsed-last"]);
    await h.work.claim([early!.id, last!.id], "gone", 60_000);
    await h.force(early!.id, { status: "PROCESSING", leaseOwner: "gone", leaseLapsed: true, attempts: 1 });
    await h.force(last!.id, { status: "PROCESSING", leaseOwner: "gone", leaseLapsed: true, attempts: 3 });
    expect(await h.work.recoverExpiredLeases(1_000, LAPSE)).toEqual({ released: 2, failed: 0 });
    // The consumer died, not the work: neither attempt counts, and a last attempt runs again.
    expect(await h.repo.findById(early!.id)).toMatchObject({
      status: "PENDING",
      attempts: 0,
      publishedAt: null,
    });
    expect(await h.repo.findById(last!.id)).toMatchObject({ status: "PENDING", attempts: 2 });
    expect((await h.repo.events(last!.id)).at(-1)).toMatchObject({
      type: "lease_expired",
      detail: "released",
    });
    // Started before, so not left to an API publish: republished without the fresh-task grace.
    const sent: number[] = [];
    await h.work.publishDue(
      1_000,
      60_000,
      async (tasks) => void sent.push(...tasks.map((t) => Number(t.id))),
    );
    expect(sent).toEqual(expect.arrayContaining([Number(early!.id), Number(last!.id)]));
  });

  it("fails a task on its MAX_LEASE_LOSSES-th lost lease, with an error that counts them", async () => {
    const h = harness();
    const [task] = await h.repo.insertMany(["keeps killing consumers"]);
    for (let loss = 1; loss <= LAPSE.maxLosses; loss++) {
      const [claimed] = await h.work.claim([task!.id], `victim-${loss}`, 60_000, LAPSE);
      expect(claimed, `claim before loss ${loss}`).toMatchObject({ attempts: 1 });
      await h.force(task!.id, { status: "PROCESSING", leaseOwner: `victim-${loss}`, leaseLapsed: true });
      await h.work.recoverExpiredLeases(1_000, LAPSE);
    }
    expect(await h.repo.findById(task!.id)).toMatchObject({
      status: "FAILED",
      attempts: 1,
      lastError: leaseLostError(LAPSE.maxLosses),
    });
    expect((await h.repo.events(task!.id)).at(-1)).toMatchObject({ type: "lease_expired", detail: "failed" });
  });

  it("leaves a lapsed lease to its owner for the grace: no reap, no takeover, and the owner still settles", async () => {
    const h = harness();
    const [task] = await h.repo.insertMany(["owner settles late"]);
    const [claimed] = await h.work.claim([task!.id], "owner", 60_000);
    await h.force(task!.id, {
      status: "PROCESSING",
      leaseOwner: "owner",
      leaseToken: claimed!.leaseToken,
      leaseLapsed: true,
    });
    const patient = { ...LAPSE, graceMs: 10 * 60_000 };
    expect(await h.work.recoverExpiredLeases(1_000, patient)).toEqual({ released: 0, failed: 0 });
    expect(await h.work.claim([task!.id], "other", 60_000, patient)).toEqual([]);
    expect(await h.work.claim([task!.id], "other", 60_000, null)).toEqual([]); // null: no takeovers at all
    const [renewed] = await h.work.renewLeases(
      [{ id: task!.id, leaseToken: claimed!.leaseToken }],
      "owner",
      60_000,
    );
    expect(renewed).toMatchObject({ held: true });
    const [settled] = await h.work.settle(
      [{ id: task!.id, leaseToken: claimed!.leaseToken, outcome: "complete" }],
      "owner",
    );
    expect(settled).toMatchObject({ outcome: "complete" });
    expect(await h.repo.findById(task!.id)).toMatchObject({ status: "COMPLETED", attempts: 1 });
  });

  it("takes over a lapsed lease past its grace without charging an attempt, on the timeline", async () => {
    const h = harness();
    const [task] = await h.repo.insertMany([{ type: "sleep", payload: "once", maxAttempts: 1 }]);
    await h.work.claim([task!.id], "crashed", 60_000);
    await h.force(task!.id, { status: "PROCESSING", leaseOwner: "crashed", leaseLapsed: true, attempts: 1 });
    const [taken] = await h.work.claim([task!.id], "successor", 60_000, LAPSE);
    expect(taken).toMatchObject({ id: task!.id, attempts: 1, takenOver: true });
    const types = (await h.repo.events(task!.id)).map((e) => [e.type, e.consumer]);
    expect(types.slice(-2)).toEqual([
      ["lease_expired", "crashed"],
      ["started", "successor"],
    ]);
  });

  it("publishes due unpublished tasks after the grace period, and leaves them unpublished when publishing fails", async () => {
    const h = harness();
    await h.work.publishDue(10_000, 0, async () => {}); // earlier cases' tasks
    const [task] = await h.repo.insertMany(["due"]);
    await h.repo.unmarkPublished([{ id: task!.id, publishedAt: task!.publishedAt! }]); // its send failed
    expect(await h.work.publishDue(100, 60_000, async () => {})).toBe(0);
    await expect(
      h.work.publishDue(100, 0, async () => {
        throw new Error("broker down");
      }),
    ).rejects.toThrow("broker down");
    expect((await h.repo.findById(task!.id))!.publishedAt).toBeNull();
    const sent: number[] = [];
    expect(await h.work.publishDue(100, 0, async (tasks) => void sent.push(...tasks.map((t) => t.id)))).toBe(
      1,
    );
    expect(sent).toEqual([task!.id]);
    expect((await h.repo.findById(task!.id))!.publishedAt).not.toBeNull();
    expect((await h.repo.events(task!.id)).at(-1)).toMatchObject({ type: "published", detail: "reconciler" });
  });

  it("claims a typed task with its stored input, keeps its progress (fenced) and stores its output", async () => {
    const h = harness();
    const [task] = await h.repo.insertMany([{ type: "math.add", payload: '{"a":1,"b":2}', maxAttempts: 5 }]);
    expect(task).toMatchObject({
      type: "math.add",
      input: { a: 1, b: 2 },
      maxAttempts: 5,
      output: null,
      progress: null,
    });
    const [claimed] = await h.work.claim([task!.id], "w1", 60_000);
    expect(claimed).toMatchObject({ type: "math.add", payload: '{"a":1,"b":2}' });
    const lease = { id: task!.id, leaseToken: claimed!.leaseToken };
    await h.work.recordProgress([{ ...lease, percent: 40, message: "adding" }], "w1");
    await h.work.recordProgress(
      [{ ...lease, leaseToken: crypto.randomUUID(), percent: 99, message: "stale" }],
      "w1",
    );
    expect((await h.repo.findById(task!.id))!.progress).toEqual({ percent: 40, message: "adding" });
    await h.work.settle([{ ...lease, outcome: "complete", output: '{"sum":3}' }], "w1");
    expect(await h.repo.findById(task!.id)).toMatchObject({ status: "COMPLETED", output: { sum: 3 } });
    expect(
      (
        await h.repo.list({ filter: { type: "math.add" }, sort: "created", after: null, limit: 10 })
      ).items.map((t) => t.id),
    ).toEqual([task!.id]);
  });

  it("marks tasks published long ago as unpublished again, only of types a live worker serves", async () => {
    const h = harness();
    await h.work.publishDue(10_000, 0, async () => {});
    await h.workerOnline(["sleep"]);
    const [task, waiting] = await h.repo.insertMany(["stale", { type: "nobody.serves", payload: "{}" }]);
    expect(await h.work.unpublishStale(60_000, 100)).toBe(0);
    await h.advance(30);
    expect(await h.work.unpublishStale(10, 100)).toBeGreaterThanOrEqual(1);
    expect((await h.repo.findById(task!.id))!.publishedAt).toBeNull();
    // No worker serves its type: its message waits in the type's queue, and re-sending it would
    // only pile up duplicates there until one starts.
    expect((await h.repo.findById(waiting!.id))!.publishedAt).not.toBeNull();
    await h.workerOnline(["nobody.serves"]);
    expect(await h.work.unpublishStale(10, 100)).toBe(1);
  });
}
