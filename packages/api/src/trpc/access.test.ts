import type { AuditLog } from "@tps/core";
import { inMemoryPorts, MemoryAuditLog } from "@tps/core/testing";
import { describe, expect, it } from "vitest";
import { ACCESS, BULK_ACTIONS, CREATES, type Principal, SESSION_ONLY } from "../access";
import { CONTRACT, REST_CONTRACT } from "../contract";
import { appRouter, createCaller } from "./app-router";
import { createRateLimiter } from "./rate-limit";
import { as } from "./test-principal";
import type { ApiContext } from "./trpc";

function context(principal: Principal | null, extra: Partial<ApiContext> = {}) {
  const ports = inMemoryPorts();
  const ctx: ApiContext = { ...ports, principal, ...extra };
  return { ctx, store: ports.repo, audit: ports.audit, caller: createCaller(ctx) };
}

/** An audit log that stores every entry only once `release` is called (in the order recorded). */
function heldAuditLog() {
  const memory = new MemoryAuditLog();
  const held: (() => void)[] = [];
  const audit: AuditLog = {
    record: (entry) =>
      new Promise<void>((resolve) => held.push(() => void memory.record(entry).then(resolve))),
    list: (query) => memory.list(query),
    flush: async () => {},
  };
  const release = () => {
    for (const store of held.splice(0)) store();
  };
  return { audit, memory, release };
}

const settlesWithin50ms = (p: Promise<unknown>) =>
  Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 50))]);

describe("the contract table", () => {
  it("names every procedure of the router, and nothing else", () => {
    const paths = Object.keys(appRouter._def.procedures).sort();
    expect(paths.filter((p) => !(p in CONTRACT))).toEqual([]);
    expect(Object.keys(CONTRACT).sort()).toEqual(paths);
    expect(Object.keys(ACCESS).sort()).toEqual(paths);
  });

  it("derives the lookups the middleware uses", () => {
    expect([...SESSION_ONLY].sort()).toEqual([
      "apiKeys.create",
      "apiKeys.revoke",
      "users.create",
      "users.update",
    ]);
    expect([...CREATES].sort()).toEqual(["tasks.create", "tasks.createMany"]);
    expect([...BULK_ACTIONS].sort()).toEqual([
      "tasks.cancelMany",
      "tasks.cancelMatching",
      "tasks.delete",
      "tasks.deleteMatching",
      "tasks.retryMany",
      "tasks.retryMatching",
    ]);
    expect(ACCESS["deadLetters.list"]).toBe("viewer");
    expect(ACCESS["deadLetters.purge"]).toBe("admin");
  });

  it("gives each REST operation its own method and path, GET for queries and a write for mutations", () => {
    const operations = REST_CONTRACT.map((r) => `${r.method} ${r.path}`);
    expect(new Set(operations).size).toBe(operations.length);
    const kinds = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
    for (const rest of REST_CONTRACT) {
      expect(rest.method === "GET", rest.procedure).toBe(kinds[rest.procedure]!._def.type === "query");
      expect(rest.path).toMatch(/^(\/[a-z-]+|\/\{id\})+$/);
    }
  });
});

describe("authorization", () => {
  it("refuses anonymous callers with UNAUTHORIZED and a clear message", async () => {
    const { caller } = context(null);
    await expect(caller.tasks.list({})).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: expect.stringContaining("Authorization: Bearer"),
    });
  });

  it("lets a viewer read but not create; an operator create but not cancel by filter", async () => {
    const viewer = context(as("viewer")).caller;
    await expect(viewer.tasks.list({})).resolves.toMatchObject({ items: [] });
    await expect(viewer.tasks.create({ payload: "x" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "tasks.create needs the operator role; viewer@x is viewer",
    });
    const operator = context(as("operator")).caller;
    await expect(operator.tasks.create({ payload: "x" })).resolves.toMatchObject({ payload: "x" });
    await expect(operator.tasks.cancelMatching({ filter: {}, expectedCount: 1 })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("audits every mutation, done or refused, with who and what but no payload", async () => {
    const { caller, audit } = context(as("operator"));
    const task = await caller.tasks.create({ payload: "secret payload" });
    await caller.tasks.cancel({ id: task.id });
    await expect(caller.tasks.retryMatching({ filter: {}, expectedCount: 0 })).rejects.toThrow();
    await caller.tasks.list({});
    expect(
      audit.entries.map(({ procedure, target, outcome, actor }) => ({ procedure, target, outcome, actor })),
    ).toEqual([
      { procedure: "tasks.create", target: "payloads=1", outcome: "accepted", actor: "operator@x" },
      { procedure: "tasks.cancel", target: `id=${task.id}`, outcome: "accepted", actor: "operator@x" },
      {
        procedure: "tasks.retryMatching",
        target: "filter={} expectedCount=0",
        outcome: "FORBIDDEN",
        actor: "operator@x",
      },
    ]);
  });

  it("stores a mutation's audit row before the mutation runs: no row, no change", async () => {
    const { audit, memory, release } = heldAuditLog();
    const { caller, store } = context(as("operator"), { audit });
    const create = caller.tasks.create({ payload: "x" });
    expect(await settlesWithin50ms(create)).toBe(false);
    expect((await caller.tasks.list({})).items).toEqual([]); // not yet
    release();
    const task = await create;
    expect(memory.entries.map((e) => [e.procedure, e.outcome])).toEqual([["tasks.create", "accepted"]]);

    // The audit log down: the call is refused (503) and changes nothing.
    const down: AuditLog = {
      record: () => Promise.reject(new Error("audit log down")),
      list: (query) => memory.list(query),
      flush: async () => {},
    };
    const refused = context(as("operator"), { audit: down, repo: store }).caller;
    await expect(refused.tasks.cancel({ id: task.id })).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
    });
    await expect(refused.tasks.create({ payload: "y" })).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
    });
    expect((await store.findById(task.id))?.status).toBe("PENDING");
    expect((await caller.tasks.list({})).items).toHaveLength(1);
  });

  it("records a mutation that failed after it was accepted with a second row naming the error", async () => {
    const { caller, audit } = context(as("operator"));
    const task = await caller.tasks.create({ payload: "x" });
    await caller.tasks.cancel({ id: task.id });
    await expect(caller.tasks.cancel({ id: task.id })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(audit.entries.map((e) => [e.procedure, e.outcome])).toEqual([
      ["tasks.create", "accepted"],
      ["tasks.cancel", "accepted"],
      ["tasks.cancel", "accepted"],
      ["tasks.cancel", "CONFLICT"],
    ]);
  });

  it("names who cancelled and retried on the timeline", async () => {
    const { caller, store } = context(as("operator"));
    const task = await caller.tasks.create({ payload: "x" });
    await caller.tasks.cancel({ id: task.id });
    const canceled = (await store.events(task.id)).find((e) => e.type === "canceled");
    expect(canceled?.actor).toBe("operator@x");
  });

  it("refuses a bulk action by filter when more tasks match than were confirmed", async () => {
    const { caller } = context(as("admin"));
    await caller.tasks.createMany({ payloads: ["a1", "a2", "a3"] });
    await expect(caller.tasks.cancelMatching({ filter: {}, expectedCount: 2 })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("3 tasks match now"),
    });
    await expect(caller.tasks.cancelMatching({ filter: {}, expectedCount: 3 })).resolves.toEqual({
      changed: 3,
      remaining: 0,
    });
  });

  it("rate-limits creates per principal with TOO_MANY_REQUESTS and a retry time", async () => {
    const rateLimit = createRateLimiter({ perSecond: 1, burst: 2 });
    const { caller } = context(as("operator"), { rateLimit });
    await caller.tasks.create({ payload: "1" });
    await caller.tasks.create({ payload: "2" });
    await expect(caller.tasks.create({ payload: "3" })).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    await expect(caller.tasks.list({})).resolves.toBeDefined(); // reads are not limited
  });
});
