import type { Activity, TaskRepository } from "@tps/core";
import { InMemoryTaskStore } from "@tps/core/testing";
import { describe, expect, it } from "vitest";
import { cacheLongActivity } from "./activity-cache";

const DAY = 24 * 60;

function counting(fail = false) {
  const store = new InMemoryTaskStore();
  const calls: number[] = [];
  const repo: TaskRepository = Object.assign(Object.create(store), {
    activity: async (windowMinutes: number, bucketSeconds: number): Promise<Activity> => {
      calls.push(windowMinutes);
      if (fail) throw new Error("database is unavailable");
      return store.activity(windowMinutes, bucketSeconds);
    },
  });
  return { repo, calls };
}

describe("cacheLongActivity", () => {
  it("computes a long window once per ttl for every caller, and a short one every time", async () => {
    let clock = 0;
    const { repo, calls } = counting();
    const cached = cacheLongActivity(repo, { ttlMs: 60_000, now: () => clock });

    await Promise.all([cached.activity(DAY, 3600), cached.activity(DAY, 3600)]);
    clock += 59_000;
    await cached.activity(DAY, 3600);
    expect(calls).toEqual([DAY]);

    clock += 2_000;
    await cached.activity(DAY, 3600);
    expect(calls).toEqual([DAY, DAY]);

    await cached.activity(15, 30);
    await cached.activity(15, 30);
    expect(calls).toEqual([DAY, DAY, 15, 15]);
  });

  it("does not keep a failure: the next caller asks again", async () => {
    const { repo, calls } = counting(true);
    const cached = cacheLongActivity(repo, { now: () => 0 });
    await expect(cached.activity(DAY, 3600)).rejects.toThrow("unavailable");
    await expect(cached.activity(DAY, 3600)).rejects.toThrow("unavailable");
    expect(calls).toEqual([DAY, DAY]);
  });

  it("keeps every other repository method", async () => {
    const { repo } = counting();
    const cached = cacheLongActivity(repo);
    const [task] = await cached.insertMany(["still here"]);
    expect((await cached.findById(task!.id))?.payload).toBe("still here");
  });
});
