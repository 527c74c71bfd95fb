import { inMemoryPorts } from "@tps/core/testing";
import { describe, expect, it } from "vitest";
import type { Role } from "../access";
import { createCaller } from "./app-router";
import { as } from "./test-principal";
import type { ApiContext } from "./trpc";

/** Three finished tasks and one pending, on one in-memory store shared by callers of every role. */
async function setup() {
  const ports = inMemoryPorts();
  const caller = (role: Role) => createCaller({ ...ports, principal: as(role) } satisfies ApiContext);
  const tasks = await ports.repo.insertMany(["pending", "done-1", "done-2", "done-3"]);
  await ports.repo.cancel(tasks.slice(1).map((t) => t.id));
  return { ports, caller, ids: tasks.map((t) => t.id) };
}

describe("tasks.delete and tasks.deleteMatching", () => {
  it("are refused to operators and viewers (403), and audited", async () => {
    const { caller, ports, ids } = await setup();
    for (const role of ["viewer", "operator"] as const) {
      await expect(caller(role).tasks.delete({ ids })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller(role).tasks.deleteMatching({ filter: {}, expectedCount: 3 })).rejects.toMatchObject(
        { code: "FORBIDDEN", message: expect.stringContaining("needs the admin role") },
      );
    }
    expect((await ports.repo.countByStatus()).CANCELED).toBe(3);
    expect(ports.audit.entries.map((e) => e.outcome)).toEqual([
      "FORBIDDEN",
      "FORBIDDEN",
      "FORBIDDEN",
      "FORBIDDEN",
    ]);
  });

  it("let an admin delete the finished ones of a selection", async () => {
    const { caller, ports, ids } = await setup();
    expect(await caller("admin").tasks.delete({ ids: ids.slice(0, 2) })).toEqual({ changed: 1, skipped: 1 });
    expect(ports.audit.entries.at(-1)).toMatchObject({
      procedure: "tasks.delete",
      target: `ids=${ids[0]},${ids[1]}`,
      outcome: "accepted",
    });
  });

  it("let an admin delete finished tasks by filter with the count confirmed, else 409", async () => {
    const { caller, ports } = await setup();
    const admin = caller("admin");
    await expect(admin.tasks.deleteMatching({ filter: {}, expectedCount: 2 })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("3 tasks match now"),
    });
    expect(await admin.tasks.deleteMatching({ filter: {}, expectedCount: 3 })).toEqual({
      changed: 3,
      remaining: 0,
    });
    expect(await ports.repo.countByStatus()).toMatchObject({ PENDING: 1, CANCELED: 0 });
  });

  it("answer 400 to bad input", async () => {
    const { caller } = await setup();
    const admin = caller("admin");
    await expect(admin.tasks.delete({ ids: [] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(admin.tasks.delete({ ids: [-1] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      admin.tasks.deleteMatching({ filter: {}, expectedCount: -1 } as never),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      admin.tasks.deleteMatching({ filter: { status: "NOPE" }, expectedCount: 0 } as never),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
