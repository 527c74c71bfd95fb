import { describe, expect, it } from "vitest";
import { NON_BLOCKING_SINCE, nonBlockingViolations } from "./migration-rules";
import { migrationNames, migrationSql } from "./migrations";

describe("migrations do not stall the pipeline", () => {
  const recent = migrationNames().filter((name) => name >= NON_BLOCKING_SINCE);

  it.each(recent)("%s: locks tasks only under lock_timeout, builds indexes CONCURRENTLY", (name) => {
    expect(nonBlockingViolations(migrationSql(name))).toEqual([]);
  });

  it("checks the bigint ids migration at least", () => {
    expect(recent).toContain("20261208000000_bigint_task_ids");
  });
});

describe("the rule itself", () => {
  it("passes a session-wide or in-transaction lock_timeout and concurrent builds", () => {
    expect(
      nonBlockingViolations(`SELECT set_config('lock_timeout', '5s', false);
        ALTER TABLE tasks ADD COLUMN a int;
        CREATE INDEX CONCURRENTLY tasks_a_idx ON tasks (a)`),
    ).toEqual([]);
    expect(
      nonBlockingViolations(
        `BEGIN; SET LOCAL lock_timeout = '5s'; ALTER TABLE "tasks" ADD COLUMN a int; COMMIT`,
      ),
    ).toEqual([]);
    expect(
      nonBlockingViolations(
        `DO E'BEGIN PERFORM set_config(''lock_timeout'', ''1s'', true)\\073 LOCK TABLE tasks\\073 END'`,
      ),
    ).toEqual([]);
    expect(nonBlockingViolations(`ALTER TABLE task_events ADD COLUMN a int`)).toEqual([]); // not tasks
  });

  it("refuses DDL on tasks with no lock_timeout, or one that lapsed", () => {
    expect(nonBlockingViolations(`ALTER TABLE tasks ADD COLUMN a int`)).toHaveLength(1);
    // is_local = true outside BEGIN ... COMMIT ends with its own statement: no timeout for the next.
    expect(
      nonBlockingViolations(
        `SELECT set_config('lock_timeout', '5s', true); ALTER TABLE tasks ADD COLUMN a int`,
      ),
    ).toHaveLength(1);
    expect(
      nonBlockingViolations(
        `BEGIN; SET LOCAL lock_timeout = '5s'; COMMIT; ALTER TABLE tasks ADD COLUMN a int`,
      ),
    ).toHaveLength(1);
    expect(
      nonBlockingViolations(
        `SET lock_timeout = '5s'; SET lock_timeout = 0; LOCK TABLE tasks IN ACCESS EXCLUSIVE MODE`,
      ),
    ).toHaveLength(1);
  });

  it("refuses a plain index build in a migration that touches tasks", () => {
    expect(nonBlockingViolations(`SET lock_timeout = '5s'; CREATE INDEX tasks_a_idx ON tasks (a)`)).toEqual([
      expect.stringContaining("without CONCURRENTLY"),
    ]);
  });
});
