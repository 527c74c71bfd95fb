import { expect, it } from "vitest";
import type { Task } from "../../domain/task";
import { TERMINAL_STATUSES } from "../../domain/task-state";
import type { StorageHarness } from "./harness";

/** One task per terminal status, finished through the real transitions, plus a PENDING and a PROCESSING one. */
async function mix(h: StorageHarness, tag: string) {
  const [pending, running, completed, canceled, failed] = await h.repo.insertMany(
    ["pending", "running", "completed", "canceled", "failed"].map((s) => `${tag}-${s}`),
  );
  const claimed = await h.work.claim([running!.id, completed!.id, failed!.id], "c1", 60_000);
  const token = (id: number) => claimed.find((c) => c.id === id)!.leaseToken;
  await h.work.settle(
    [
      { id: completed!.id, leaseToken: token(completed!.id), outcome: "complete" },
      { id: failed!.id, leaseToken: token(failed!.id), outcome: "fail", error: "boom" },
    ],
    "c1",
  );
  await h.repo.cancel([canceled!.id]);
  return {
    pending: pending!,
    running: running!,
    completed: completed!,
    canceled: canceled!,
    failed: failed!,
  };
}

/** A task finished after everything before it: its finish time is a cut-off for the older ones. */
async function laterFinished(h: StorageHarness, tag: string): Promise<Task> {
  await h.advance(20);
  const [late] = await h.repo.insertMany([`${tag}-late`]);
  const [canceled] = await h.repo.cancel([late!.id]);
  return canceled!;
}

async function purgeAll(h: StorageHarness, finishedBefore: Date, statuses = TERMINAL_STATUSES, limit = 2) {
  let total = 0;
  for (;;) {
    const n = await h.repo.purgeFinished({ finishedBefore, statuses, limit });
    expect(n).toBeLessThanOrEqual(limit);
    total += n;
    if (n < limit) return total;
  }
}

const gone = async (h: StorageHarness, id: number) =>
  (await h.repo.findById(id)) === null && (await h.repo.events(id)).length === 0;

/** Retention: deleting finished tasks, by age in bounded batches and by id. */
export function retentionContract(harness: () => StorageHarness) {
  it("purges finished tasks older than the cut-off in bounded batches, with their timelines", async () => {
    const h = harness();
    const t = await mix(h, "purge");
    const late = await laterFinished(h, "purge");
    const total = await purgeAll(h, new Date(late.finishedAt!));
    expect(total).toBeGreaterThanOrEqual(3);
    for (const task of [t.completed, t.canceled, t.failed]) expect(await gone(h, task.id)).toBe(true);
    for (const task of [t.pending, t.running, late]) expect(await h.repo.findById(task.id)).not.toBeNull();
    expect((await h.repo.events(late.id)).map((e) => e.type)).toEqual(["created", "published", "canceled"]);
    expect(
      await h.repo.purgeFinished({
        finishedBefore: new Date(late.finishedAt!),
        statuses: TERMINAL_STATUSES,
        limit: 10,
      }),
    ).toBe(0);
  });

  it("purges only the statuses asked for, and keeps the counts per status right", async () => {
    const h = harness();
    const t = await mix(h, "purge-status");
    const late = await laterFinished(h, "purge-status");
    const before = await h.repo.countByStatus();
    const total = await purgeAll(h, new Date(late.finishedAt!), ["CANCELED"]);
    expect(total).toBeGreaterThanOrEqual(1);
    expect(await gone(h, t.canceled.id)).toBe(true);
    expect(await h.repo.findById(t.completed.id)).not.toBeNull();
    expect(await h.repo.findById(t.failed.id)).not.toBeNull();
    expect(await h.repo.countByStatus()).toEqual({ ...before, CANCELED: before.CANCELED - total });
  });

  it("deletes given ids only where the task is finished, and returns those", async () => {
    const h = harness();
    const t = await mix(h, "delete-ids");
    const before = await h.repo.countByStatus();
    const deleted = await h.repo.deleteFinished([
      t.failed.id,
      t.pending.id,
      t.running.id,
      t.completed.id,
      t.completed.id,
      2_000_000_000,
    ]);
    expect(deleted).toEqual([t.completed.id, t.failed.id]);
    expect(await gone(h, t.completed.id)).toBe(true);
    expect(await h.repo.findById(t.pending.id)).toMatchObject({ status: "PENDING" });
    expect(await h.repo.findById(t.running.id)).toMatchObject({ status: "PROCESSING" });
    expect(await h.repo.countByStatus()).toEqual({
      ...before,
      COMPLETED: before.COMPLETED - 1,
      FAILED: before.FAILED - 1,
    });
    expect(await h.repo.deleteFinished([t.completed.id])).toEqual([]);
  });
}
