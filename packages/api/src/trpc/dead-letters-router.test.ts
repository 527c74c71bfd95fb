import { encodeTaskMessage } from "@tps/core";
import { InMemoryDeadLetterQueue, inMemoryPorts } from "@tps/core/testing";
import { describe, expect, it } from "vitest";
import type { Role } from "../access";
import { createCaller } from "./app-router";
import { as } from "./test-principal";
import type { ApiContext } from "./trpc";

function context(role: Role, extra: Partial<ApiContext> = {}) {
  const ports = inMemoryPorts();
  const ctx: ApiContext = { ...ports, principal: as(role), ...extra };
  return { ...ports, caller: createCaller(ctx) };
}

const body = (id: number) => encodeTaskMessage(id).toString();

describe("deadLetters procedures", () => {
  it("let a viewer list, and only an admin redrive or purge", async () => {
    for (const role of ["viewer", "operator"] as const) {
      const { caller, deadLetters: queue } = context(role);
      queue.add("junk", { messageId: "m1" });
      await expect(caller.deadLetters.list()).resolves.toMatchObject({ depth: 1, items: [{ key: "m1" }] });
      await expect(caller.deadLetters.redrive({ keys: ["m1"] })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.deadLetters.purge({ all: true })).rejects.toMatchObject({
        code: "FORBIDDEN",
        message: `deadLetters.purge needs the admin role; ${role}@x is ${role}`,
      });
      expect((await queue.list(10)).depth).toBe(1);
      expect(queue.redriven).toEqual([]);
    }
  });

  it("redrives pending tasks' messages and drops those of finished tasks, audited with the keys", async () => {
    const { caller, repo, deadLetters, audit } = context("admin");
    const [pending, done] = await repo.insertMany(["a", "b"]);
    await repo.cancel([done!.id]);
    deadLetters.add(body(pending!.id), { messageId: "pending" });
    deadLetters.add(body(done!.id), { messageId: "done" });
    deadLetters.add("not a task", { messageId: "junk" });
    await expect(caller.deadLetters.redrive({ keys: ["pending", "done", "gone"] })).resolves.toEqual({
      redriven: 1,
      dropped: 1,
      missing: 1,
    });
    expect(deadLetters.redriven).toEqual([body(pending!.id)]);
    await expect(caller.deadLetters.purge({ all: true })).resolves.toEqual({ purged: 1, missing: 0 });
    expect(audit.entries.map(({ procedure, target, outcome }) => ({ procedure, target, outcome }))).toEqual([
      { procedure: "deadLetters.redrive", target: "keys=pending,done,gone", outcome: "accepted" },
      { procedure: "deadLetters.purge", target: "all=true", outcome: "accepted" },
    ]);
  });

  it("refuses bad input with BAD_REQUEST", async () => {
    const { caller } = context("admin");
    const bad = [
      () => caller.deadLetters.redrive({ keys: [] }),
      () => caller.deadLetters.purge({ keys: Array.from({ length: 501 }, (_, i) => `k${i}`) }),
      () => caller.deadLetters.purge({ keys: ["x".repeat(101)] }),
      () => caller.deadLetters.redrive({ all: false } as never),
      () => caller.deadLetters.redrive({ all: true, keys: ["a"] } as never),
      () => caller.deadLetters.list({ limit: 0 }),
      () => caller.deadLetters.list({ limit: 1_001 }),
    ];
    for (const call of bad) await expect(call()).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("answers SERVICE_UNAVAILABLE when the broker is down or no queue is configured", async () => {
    const queue = new InMemoryDeadLetterQueue();
    queue.unavailable = true;
    const down = context("admin", { deadLetters: queue }).caller;
    await expect(down.deadLetters.list()).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      message: "broker is unavailable, try again shortly",
    });
    await expect(down.deadLetters.redrive({ all: true })).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
    });
    const none = context("admin", { deadLetters: undefined }).caller;
    await expect(none.deadLetters.purge({ all: true })).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
    });
  });
});
