import { describe, expect, it } from "vitest";
import { InMemoryTaskStore } from "../testing/in-memory-store";
import { deleteMatching, deleteTasks } from "./delete-tasks";
import { purgeFinished, purgeStatuses } from "./purge-finished";

async function seed(store: InMemoryTaskStore) {
  const tasks = await store.insertMany(["keep-pending", "done-1", "done-2", "done-3"]);
  await store.cancel(tasks.slice(1).map((t) => t.id));
  return tasks;
}

describe("deleting finished tasks", () => {
  it("deletes finished ids and skips the rest", async () => {
    const store = new InMemoryTaskStore();
    const [pending, done] = await seed(store);
    expect(await deleteTasks(store, [pending!.id, done!.id, done!.id])).toEqual({ changed: 1, skipped: 1 });
    expect(await store.findById(pending!.id)).not.toBeNull();
  });

  it("deletes by filter chunk by chunk, refusing when more match than confirmed", async () => {
    const store = new InMemoryTaskStore();
    await seed(store);
    await expect(deleteMatching(store, {}, 2, { expectedCount: 2 })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("3 tasks match now"),
    });
    expect(await deleteMatching(store, {}, 2, { expectedCount: 3 })).toEqual({ changed: 2, remaining: 1 });
    expect(await deleteMatching(store, {}, 2, { expectedCount: 1 })).toEqual({ changed: 1, remaining: 0 });
    expect(await store.countByStatus()).toMatchObject({ PENDING: 1, CANCELED: 0 });
  });
});

describe("purgeFinished", () => {
  it("deletes batch by batch until a short batch, with a fixed cut-off", async () => {
    let clock = 1_000_000;
    const store = new InMemoryTaskStore(() => clock);
    await seed(store);
    clock += 60_000;
    const progress: number[] = [];
    const result = await purgeFinished(store, {
      olderThanMs: 30_000,
      batch: 2,
      now: () => clock,
      onBatch: (n) => progress.push(n),
    });
    expect(result).toMatchObject({ deleted: 3, batches: 2 });
    expect(progress).toEqual([2, 3]);
  });

  it("keeps tasks finished more recently than the cut-off", async () => {
    let clock = 1_000_000;
    const store = new InMemoryTaskStore(() => clock);
    await seed(store);
    clock += 10_000;
    expect((await purgeFinished(store, { olderThanMs: 30_000, batch: 10, now: () => clock })).deleted).toBe(
      0,
    );
  });

  it("refuses statuses that are not finished", () => {
    expect(() => purgeStatuses(["PENDING"])).toThrow(/only finished tasks/);
    expect(purgeStatuses(["COMPLETED"])).toEqual(["COMPLETED"]);
    expect(purgeStatuses()).toEqual(["COMPLETED", "CANCELED", "FAILED"]);
  });
});
