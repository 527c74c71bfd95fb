import { decodeTaskMessage, encodeTaskMessage } from "@tps/core";
import { createWorkStore } from "@tps/infra";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestCaller } from "./api-test-helpers";

/** Past int4: ids 2^31 and up, as after 8 days at 3,000 tasks/s (issue 21, item 1). */
const FIRST_ID = 3_000_000_000;

describe("task ids past 2^31 through the whole life of a task", () => {
  const { api, caller } = useTestCaller();

  beforeAll(async () => {
    // AS bigint: an int4 sequence refuses a RESTART past its maximum, a bigint one is the migration's.
    await api().db.$executeRawUnsafe(`ALTER SEQUENCE tasks_id_seq AS bigint RESTART WITH ${FIRST_ID}`);
  });

  it("creates, claims, settles, reads, cancels and pages tasks with such ids", async () => {
    const done = await caller.tasks.create({ payload: "big-done" });
    const { items } = await caller.tasks.createMany({ payloads: ["big-a", "big-b", "big-c"] });
    expect(done.id).toBe(FIRST_ID);
    expect(items.map((t) => t.id)).toEqual([FIRST_ID + 1, FIRST_ID + 2, FIRST_ID + 3]);
    expect(decodeTaskMessage(encodeTaskMessage(done.id))).toBe(done.id);

    const store = createWorkStore(api().db);
    const [claimed] = await store.claim([done.id], "c1", 60_000);
    expect(claimed).toMatchObject({ id: done.id });
    expect(await store.renewLeases([claimed!], "c1", 60_000)).toHaveLength(1);
    const [settled] = await store.settle([{ ...claimed!, outcome: "complete" }], "c1");
    expect(settled).toMatchObject({ id: done.id, outcome: "complete" });

    expect(await caller.tasks.get({ id: done.id })).toMatchObject({ id: done.id, status: "COMPLETED" });
    const events = await caller.tasks.events({ id: done.id });
    expect(events.map((e) => e.type)).toContain("completed");

    expect(await caller.tasks.cancel({ id: FIRST_ID + 1 })).toMatchObject({ status: "CANCELED" });
    expect(await caller.tasks.cancelMany({ ids: [FIRST_ID + 2] })).toMatchObject({ changed: 1 });

    const first = await caller.tasks.list({ limit: 2 });
    expect(first.items.map((t) => t.id)).toEqual([FIRST_ID + 3, FIRST_ID + 2]);
    const second = await caller.tasks.list({ limit: 2, cursor: first.nextCursor });
    expect(second.items.map((t) => t.id)).toEqual([FIRST_ID + 1, FIRST_ID]);
    const found = await caller.tasks.list({ filter: { search: `#${FIRST_ID}` } });
    expect(found.items.map((t) => t.id)).toEqual([FIRST_ID]);

    const audit = await caller.audit.list({ taskId: FIRST_ID + 1 });
    expect(audit.items.map((e) => e.procedure)).toContain("tasks.cancel");
  });
});
