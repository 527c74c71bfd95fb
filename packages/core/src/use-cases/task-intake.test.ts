import { beforeEach, describe, expect, it } from "vitest";
import type { NewTask } from "../domain/task";
import { InMemoryTaskStore, MemoryLog, RecordingPublisher } from "../testing";
import { type CallerScope, createTaskIntake, type TaskIntakeOptions } from "./task-intake";

/** The in-memory store, with every insert recorded and, while `held`, kept waiting until released. */
class GatedStore extends InMemoryTaskStore {
  inserts: string[][] = [];
  held = false;
  private waiting: (() => void)[] = [];

  override async insertMany(payloads: readonly (string | NewTask)[]) {
    this.inserts.push(payloads.map((p) => (typeof p === "string" ? p : p.payload)));
    if (this.held) await new Promise<void>((resolve) => this.waiting.push(resolve));
    return super.insertMany(payloads);
  }

  release() {
    this.held = false;
    for (const resume of this.waiting.splice(0)) resume();
  }
}

const key = (idempotencyKey: string) => ({ idempotencyKey, idempotencyScope: "user:u1" });

describe("createTaskIntake", () => {
  let repo: GatedStore;
  let publisher: RecordingPublisher;
  const intake = (options?: TaskIntakeOptions) =>
    createTaskIntake({ repo, publisher, log: new MemoryLog() }, options);

  beforeEach(() => {
    repo = new GatedStore();
    publisher = new RecordingPublisher();
  });

  it("runs a call at once and alone when a slot is free", async () => {
    const [task] = await intake().create(["alone"]);
    expect(task).toMatchObject({ payload: "alone", status: "PENDING" });
    expect(task!.publishedAt).not.toBeNull();
    expect(repo.inserts).toEqual([["alone"]]);
    expect(publisher.published).toEqual([task!.id]);
  });

  it("sends calls that arrive while every slot is busy together, each getting its own tasks", async () => {
    const sizes: [number, number][] = [];
    const creates = intake({ maxInFlight: 1, onBatch: (calls, tasks) => sizes.push([calls, tasks]) });
    repo.held = true;
    const first = creates.create(["a"]);
    const queued = [creates.create(["b"]), creates.create(["c1", "c2"]), creates.create(["d"])];
    repo.release();
    const results = await Promise.all([first, ...queued]);

    expect(repo.inserts).toEqual([["a"], ["b", "c1", "c2", "d"]]);
    expect(sizes).toEqual([
      [1, 1],
      [3, 4],
    ]);
    expect(results.map((tasks) => tasks.map((t) => t.payload))).toEqual([["a"], ["b"], ["c1", "c2"], ["d"]]);
    const ids = results.flat().map((t) => t.id);
    expect(new Set(ids).size).toBe(5);
    expect(publisher.published.toSorted((x, y) => x - y)).toEqual(ids.toSorted((x, y) => x - y));
    for (const id of ids) expect((await repo.findById(id))?.publishedAt).not.toBeNull();
  });

  it("never puts more than maxTasks in one insert, but runs a bigger call on its own", async () => {
    const creates = intake({ maxInFlight: 1, maxTasks: 3 });
    repo.held = true;
    const calls = [
      creates.create(["hold"]),
      creates.create(["a", "b"]),
      creates.create(["c", "d"]),
      creates.create(["e", "f", "g", "h"]),
      creates.create(["i"]),
    ];
    repo.release();
    await Promise.all(calls);
    expect(repo.inserts).toEqual([["hold"], ["a", "b"], ["c", "d"], ["e", "f", "g", "h"], ["i"]]);
  });

  it("creates a key shared by two calls once, and publishes it once", async () => {
    const creates = intake({ maxInFlight: 1 });
    repo.held = true;
    const first = creates.create(["first"]);
    const one = creates.create([{ payload: "p", ...key("k-1") }]);
    const two = creates.create([{ payload: "p", ...key("k-1") }, "unkeyed"]);
    repo.release();
    await first;
    const [[a], [b, unkeyed]] = await Promise.all([one, two]);
    expect(b!.id).toBe(a!.id);
    expect(unkeyed!.payload).toBe("unkeyed");
    expect(publisher.published.filter((id) => id === a!.id)).toHaveLength(1);
  });

  it("marks a replay (`replayed: true`), and only a replay", async () => {
    const creates = intake();
    const [created] = await creates.create([{ payload: "p", ...key("k-2") }]);
    const [replayed, fresh] = await creates.create([{ payload: "p", ...key("k-2") }, "fresh"]);
    expect(created).not.toHaveProperty("replayed");
    expect(fresh).not.toHaveProperty("replayed");
    expect(replayed).toEqual({ ...created, replayed: true });
    expect(publisher.published.filter((id) => id === created!.id)).toHaveLength(1);
  });

  it("fails a call whose key conflicts on its own: the calls that shared its insert are created once", async () => {
    const sizes: [number, number][] = [];
    const creates = intake({ maxInFlight: 1, onBatch: (calls, tasks) => sizes.push([calls, tasks]) });
    await creates.create([{ payload: "p", ...key("k-3") }]);
    await new Promise((resolve) => setTimeout(resolve)); // its slot is free again
    repo.held = true;
    const first = creates.create(["hold"]);
    const calls = [
      creates.create(["shared-before"]),
      creates.create(["conflicting-plain", { payload: "other input", ...key("k-3") }]),
      creates.create(["shared-after"]),
    ];
    repo.release();
    await first;
    const [before, conflicting, after] = await Promise.allSettled(calls);
    expect(sizes).toContainEqual([3, 4]); // the three calls went out together first
    expect(conflicting).toMatchObject({ status: "rejected", reason: { code: "CONFLICT", index: 1 } });
    expect(before).toMatchObject({ status: "fulfilled", value: [{ payload: "shared-before" }] });
    expect(after).toMatchObject({ status: "fulfilled", value: [{ payload: "shared-after" }] });
    const stored = [...repo.rows.values()].map((r) => r.payload);
    for (const payload of ["shared-before", "shared-after"])
      expect(stored.filter((p) => p === payload)).toHaveLength(1);
    expect(stored).not.toContain("conflicting-plain");
  });

  it("runs shared work in its callers' scope, in call order", async () => {
    let current = "none";
    const seen: string[][] = [];
    const scope: CallerScope<string> = {
      capture: () => current,
      run: (callers, work) => {
        seen.push([...callers]);
        return work();
      },
    };
    const creates = intake({ maxInFlight: 1, scope: scope as CallerScope });
    repo.held = true;
    const calls = ["r1", "r2", "r3"].map((name) => {
      current = name;
      return creates.create([name]);
    });
    repo.release();
    await Promise.all(calls);
    expect(seen).toEqual([["r1"], ["r2", "r3"]]);
  });
});
