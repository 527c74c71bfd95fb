import { describe, expect, it } from "vitest";
import type { AuditFilter } from "../../domain/audit-query";
import type { AuditLog, AuditRecord } from "../../ports";

const unique = () => Math.random().toString(36).slice(2, 10);

/**
 * What the audit page relies on from `AuditLog.list`, the same cases for every implementation
 * (the in-memory fake, PostgreSQL). The log is shared by the cases: each one records entries with
 * an actor of its own and filters by that actor, so the others' entries never show.
 */
export function describeAuditLogContract(name: string, audit: () => AuditLog) {
  /** Records `rows` in order (a few ms apart), all by one new actor; returns that actor. */
  const recordAll = async (rows: Partial<AuditRecord>[]) => {
    const actor = `Actor-${unique()}@Example.com`;
    for (const row of rows) {
      await audit().record({
        actorId: `id-${actor}`,
        actor,
        via: "session",
        procedure: "tasks.cancel",
        target: null,
        outcome: "ok",
        ...row,
      });
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    return actor;
  };
  const targets = async (filter: AuditFilter, limit = 50) =>
    (await audit().list({ ...filter, limit })).map((e) => e.target);

  describe(`audit log contract: ${name}`, () => {
    it("lists newest first, and pages on with the last id as `before`", async () => {
      const actor = await recordAll(["1", "2", "3", "4", "5"].map((target) => ({ target })));
      const first = await audit().list({ actor, limit: 2 });
      expect(first.map((e) => e.target)).toEqual(["5", "4"]);
      const second = await audit().list({ actor, limit: 2, before: first.at(-1)!.id });
      expect(second.map((e) => e.target)).toEqual(["3", "2"]);
      const last = await audit().list({ actor, limit: 2, before: second.at(-1)!.id });
      expect(last.map((e) => e.target)).toEqual(["1"]);
      expect(last[0]).toMatchObject({
        actor,
        actorId: `id-${actor}`,
        procedure: "tasks.cancel",
        outcome: "ok",
      });
      expect(Number.isNaN(Date.parse(last[0]!.at))).toBe(false);
    });

    it("actor: part of the name in any case, or the whole actor id", async () => {
      const actor = await recordAll([{ target: "a" }]);
      const part = actor.slice(2, -4).toUpperCase();
      expect(await targets({ actor: part })).toEqual(["a"]);
      expect(await targets({ actor: `id-${actor}` })).toEqual(["a"]);
      expect(await targets({ actor: `id-${actor}`.slice(0, -1) })).toEqual([]);
    });

    it("procedure: one exactly, or all under a prefix ending in a dot", async () => {
      const actor = await recordAll([
        { procedure: "tasks.cancel", target: "cancel" },
        { procedure: "tasks.cancelMany", target: "cancelMany" },
        { procedure: "users.create", target: "user" },
      ]);
      expect(await targets({ actor, procedure: "tasks.cancel" })).toEqual(["cancel"]);
      expect(await targets({ actor, procedure: "tasks." })).toEqual(["cancelMany", "cancel"]);
      expect(await targets({ actor, procedure: "users." })).toEqual(["user"]);
      expect(await targets({ actor, procedure: "tasks" })).toEqual([]);
    });

    it("target: part of it in any case, wildcards taken literally", async () => {
      const actor = await recordAll([
        { target: 'email="Bob@Example.com" role="viewer"' },
        { target: "100%" },
      ]);
      expect(await targets({ actor, target: "bob@example" })).toEqual([
        'email="Bob@Example.com" role="viewer"',
      ]);
      expect(await targets({ actor, target: "0%" })).toEqual(["100%"]);
      expect(await targets({ actor, target: "_" })).toEqual([]);
    });

    it("taskId: `id=` and `ids=` lists at the start of the target, never other numbers", async () => {
      const n = 1_000_000 + Math.floor(Math.random() * 1_000_000_000);
      const matching = [`id=${n}`, `ids=1,${n},7`, `ids=${n} (+30)`, `id=5 ids=6,${n}`, `id=${n} ids=8`];
      const other = [`id=${n}0`, `id=1${n}`, `ids=${n}1,2`, `ids=2,1${n}`, `expectedCount=${n}`];
      const tricky = [`name="id=${n}"`, ` id=${n}`, `id="${n}"`, `keys=${n}`, null];
      const actor = await recordAll([...matching, ...other, ...tricky].map((target) => ({ target })));
      expect(await targets({ actor, taskId: n })).toEqual([...matching].reverse());
      expect(await targets({ taskId: n })).toEqual([...matching].reverse());
    });

    it("outcome exactly, and a time range with both ends included", async () => {
      const actor = await recordAll([
        { outcome: "ok", target: "t1" },
        { outcome: "FORBIDDEN", target: "t2" },
        { outcome: "ok", target: "t3" },
      ]);
      expect(await targets({ actor, outcome: "FORBIDDEN" })).toEqual(["t2"]);
      expect(await targets({ actor, outcome: "forbidden" })).toEqual([]);
      const [t3, t2, t1] = await audit().list({ actor, limit: 3 });
      expect(await targets({ actor, from: t2!.at })).toEqual(["t3", "t2"]);
      expect(await targets({ actor, to: t2!.at })).toEqual(["t2", "t1"]);
      expect(await targets({ actor, from: t2!.at, to: t2!.at })).toEqual(["t2"]);
      expect(await targets({ actor, from: t1!.at, to: t3!.at })).toEqual(["t3", "t2", "t1"]);
      // The same instant written with an offset.
      const shifted = new Date(Date.parse(t2!.at) + 2 * 3_600_000).toISOString().replace("Z", "+02:00");
      expect(await targets({ actor, from: shifted, to: shifted })).toEqual(["t2"]);
      expect(await targets({ actor, to: "2000-01-01T00:00:00Z" })).toEqual([]);
    });

    it("combines every filter with AND, and with `before`", async () => {
      const n = 1_000_000 + Math.floor(Math.random() * 1_000_000_000);
      const actor = await recordAll([
        { procedure: "tasks.retry", target: `id=${n}`, outcome: "ok" },
        { procedure: "tasks.cancel", target: `id=${n}`, outcome: "CONFLICT" },
        { procedure: "tasks.cancel", target: `id=${n}`, outcome: "ok" },
        { procedure: "tasks.cancel", target: `id=${n + 1}`, outcome: "ok" },
      ]);
      const both = await audit().list({ actor, procedure: "tasks.cancel", taskId: n, limit: 10 });
      expect(both.map((e) => e.outcome)).toEqual(["ok", "CONFLICT"]);
      const okOnly = await audit().list({ actor, procedure: "tasks.", taskId: n, outcome: "ok", limit: 10 });
      expect(okOnly.map((e) => e.procedure)).toEqual(["tasks.cancel", "tasks.retry"]);
      const older = await audit().list({ actor, taskId: n, before: both[0]!.id, limit: 10 });
      expect(older.map((e) => e.procedure)).toEqual(["tasks.cancel", "tasks.retry"]);
    });
  });
}
