import { expect, it } from "vitest";
import { TaskError } from "../../domain/errors";
import type { NewTask } from "../../domain/task";
import type { StorageHarness } from "./harness";

const keyed = (scope: string, key: string, payload: string, type?: string): NewTask => ({
  ...(type ? { type } : {}),
  payload,
  idempotencyScope: scope,
  idempotencyKey: key,
});

/** What a refused call did to storage: the ids of the tasks whose payload starts with `tag`. */
const idsTagged = async (h: StorageHarness, tag: string) =>
  (await h.repo.list({ filter: { search: tag }, sort: "created", after: null, limit: 100 })).items.map(
    (t) => t.id,
  );

/** Idempotency keys: scoped to a caller, compared on reuse, free again after the window. */
export function idempotencyContract(harness: () => StorageHarness) {
  it("keeps keys apart per scope: the same key names one task per scope, replayed within it", async () => {
    const h = harness();
    const [a, b] = await h.repo.insertIdempotent([
      keyed("user:a", "scope-key", "scope-a"),
      keyed("key:b", "scope-key", "scope-b"),
    ]);
    expect(a).toMatchObject({ created: true, task: { payload: "scope-a" } });
    expect(b).toMatchObject({ created: true, task: { payload: "scope-b" } });
    expect(b!.task.id).not.toBe(a!.task.id);
    const [again] = await h.repo.insertIdempotent([keyed("user:a", "scope-key", "scope-a")]);
    expect(again).toEqual({ created: false, task: a!.task });
  });

  it("refuses a held key with another type or input, and inserts nothing of that call", async () => {
    const h = harness();
    await h.repo.insertIdempotent([keyed("user:c", "held", "conflict-first")]);
    const attempts: [NewTask[], "type" | "input", number][] = [
      [[{ payload: "conflict-free" }, keyed("user:c", "held", "conflict-other")], "input", 1],
      [[keyed("user:c", "held", '"conflict-first"', "text.echo")], "type", 0],
    ];
    for (const [items, differs, index] of attempts) {
      const error = await h.repo.insertIdempotent(items).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TaskError);
      expect(error).toMatchObject({ code: "CONFLICT", key: "held", differs, index });
    }
    expect(await idsTagged(h, "conflict-")).toHaveLength(1);
  });

  it("compares JSON inputs canonically (key order, spacing) and payload strings exactly", async () => {
    const h = harness();
    const [first] = await h.repo.insertIdempotent([
      keyed("user:j", "json", '{"a":1,"b":[1,2]}', "json.canon"),
    ]);
    const [same] = await h.repo.insertIdempotent([
      keyed("user:j", "json", '{ "b": [1, 2], "a": 1.0 }', "json.canon"),
    ]);
    expect(same).toEqual({ created: false, task: first!.task });
    await expect(
      h.repo.insertIdempotent([keyed("user:j", "json", '{"a":1,"b":[2,1]}', "json.canon")]),
    ).rejects.toMatchObject({ differs: "input" });
    await h.repo.insertIdempotent([keyed("user:j", "text", "exact text")]);
    await expect(h.repo.insertIdempotent([keyed("user:j", "text", "exact text ")])).rejects.toMatchObject({
      differs: "input",
    });
  });

  it("creates a key repeated within one call once, and refuses it with another input", async () => {
    const h = harness();
    const [one, two] = await h.repo.insertIdempotent([
      keyed("user:r", "repeat", "repeat-same"),
      keyed("user:r", "repeat", "repeat-same"),
    ]);
    expect(one!.created).toBe(true);
    expect(two).toEqual({ created: false, task: one!.task });
    const error = await h.repo
      .insertIdempotent([keyed("user:r", "repeat-2", "repeat-x"), keyed("user:r", "repeat-2", "repeat-y")])
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "CONFLICT", key: "repeat-2", differs: "input", index: 1 });
    expect(await idsTagged(h, "repeat-")).toEqual([one!.task.id]);
  });

  it("frees a key once its task is older than the window: a new task, the old one keeps running", async () => {
    const h = harness();
    const [old] = await h.repo.insertIdempotent([keyed("user:w", "window", "window-1")], {
      windowMs: 60_000,
    });
    await h.advance(40);
    const [within] = await h.repo.insertIdempotent([keyed("user:w", "window", "window-1")], {
      windowMs: 60_000,
    });
    expect(within).toEqual({ created: false, task: old!.task });
    const [after] = await h.repo.insertIdempotent([keyed("user:w", "window", "window-2")], { windowMs: 20 });
    expect(after!.created).toBe(true);
    expect(after!.task.id).not.toBe(old!.task.id);
    expect(await h.repo.findById(old!.task.id)).toMatchObject({ status: "PENDING", payload: "window-1" });
    // The old task gave its key up: within a long window again, the key names the new task.
    const [replay] = await h.repo.insertIdempotent([keyed("user:w", "window", "window-2")], {
      windowMs: 60_000,
    });
    expect(replay).toEqual({ created: false, task: after!.task });
  });

  it("creates one task for concurrent inserts of a new key, and of a key whose holder expired", async () => {
    const h = harness();
    const race = (payload: string, windowMs: number) =>
      Promise.all(
        Array.from({ length: 20 }, () =>
          h.repo.insertIdempotent([keyed("user:x", "race", payload)], { windowMs }),
        ),
      );
    const first = (await race("race-1", 60_000)).flat();
    expect(first.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(first.map((r) => r.task.id)).size).toBe(1);
    await h.advance(1_500); // the first task is out of a 1 s window, the race's own tasks are not
    const second = (await race("race-2", 1_000)).flat();
    expect(second.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(second.map((r) => r.task.id)).size).toBe(1);
    expect(await idsTagged(h, "race-")).toHaveLength(2);
  });

  it("honours a key stored without a scope (before scopes existed) for every scope until it expires", async () => {
    const h = harness();
    const [legacy] = await h.repo.insertMany(["legacy-1"]);
    await h.legacyKey(legacy!.id, "legacy");
    const [replay] = await h.repo.insertIdempotent([keyed("key:any", "legacy", "legacy-1")], {
      windowMs: 60_000,
    });
    expect(replay).toEqual({ created: false, task: legacy! });
    await expect(
      h.repo.insertIdempotent([keyed("user:other", "legacy", "legacy-2")], { windowMs: 60_000 }),
    ).rejects.toMatchObject({ differs: "input" });
    await h.advance(40);
    const [fresh] = await h.repo.insertIdempotent([keyed("user:other", "legacy", "legacy-2")], {
      windowMs: 20,
    });
    expect(fresh!.created).toBe(true);
  });

  it("refuses a key without a scope", async () => {
    const h = harness();
    await expect(h.repo.insertIdempotent([{ payload: "unscoped", idempotencyKey: "k" }])).rejects.toThrow(
      /scope/,
    );
    expect(await idsTagged(h, "unscoped")).toEqual([]);
  });
}
