import { ACCESS, type ProcedurePath, procedureKind } from "@tps/api";
import { describe, expect, it } from "vitest";
import {
  AUDIT_ACTIONS,
  auditQueryToSearch,
  auditTaskHref,
  EMPTY_AUDIT_QUERY,
  isAuditFiltered,
  isDoneOutcome,
  parseAuditQuery,
  toAuditFilter,
} from "./audit-query";

const parse = (search: string) => parseAuditQuery(new URLSearchParams(search));

describe("parseAuditQuery", () => {
  it("reads every part", () => {
    expect(
      parse(
        "actor=ada&action=tasks.cancel&target=id%3D4&taskId=42&outcome=FORBIDDEN" +
          "&from=2026-01-01T10:00:00.000Z&to=2026-01-02T10:00:00.000Z",
      ),
    ).toEqual({
      actor: "ada",
      action: "tasks.cancel",
      target: "id=4",
      taskId: 42,
      outcome: "FORBIDDEN",
      from: "2026-01-01T10:00:00.000Z",
      to: "2026-01-02T10:00:00.000Z",
    });
  });

  it("takes task ids past int4, up to the safe range", () => {
    expect(parse("taskId=3000000000").taskId).toBe(3_000_000_000);
    expect(parse("taskId=9007199254740991").taskId).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("takes a prefix such as tasks. as the action", () => {
    expect(parse("action=tasks.").action).toBe("tasks.");
  });

  it.each([
    ["a malformed action", "action=tasks.%25"],
    ["a task id that is not one", "taskId=42abc"],
    ["task id 0", "taskId=0"],
    ["a task id beyond the safe range", "taskId=9007199254740992"],
    ["a 17-digit task id", "taskId=12345678901234567"],
    ["an outcome with spaces", "outcome=not%20ok"],
    ["an unparsable time", "from=yesterday"],
    ["year 0000", "from=0000-01-01T00:00:00Z"],
    ["a time without a zone", "to=2026-01-01T10:00:00"],
    ["blank text", "actor=%20%20&target="],
    ["a NUL", "actor=a%00b"],
    ["an inverted range", "from=2026-02-01T00:00:00.000Z&to=2026-01-01T00:00:00.000Z"],
  ])("drops %s", (_, search) => {
    expect(parse(search)).toEqual(EMPTY_AUDIT_QUERY);
  });

  it("trims and bounds text", () => {
    expect(parse(`actor=%20${"a".repeat(300)}%20`).actor).toHaveLength(200);
  });
});

describe("auditQueryToSearch", () => {
  it("leaves empty parts out", () => {
    expect(auditQueryToSearch(EMPTY_AUDIT_QUERY)).toBe("");
    expect(auditQueryToSearch({ ...EMPTY_AUDIT_QUERY, taskId: 42 })).toBe("?taskId=42");
  });

  it("round-trips through parseAuditQuery", () => {
    const query = {
      actor: "a b&c",
      action: "users.",
      target: 'role="admin"',
      taskId: 7,
      outcome: "ok",
      from: "2026-02-03T04:05:00.000Z",
      to: "2026-02-04T04:05:00.000Z",
    };
    expect(parse(auditQueryToSearch(query).slice(1))).toEqual(query);
  });

  it("links a task's entries", () => {
    expect(auditTaskHref(42)).toBe("/audit?taskId=42");
    expect(parse(auditTaskHref(42).split("?")[1]!)).toEqual({ ...EMPTY_AUDIT_QUERY, taskId: 42 });
  });
});

describe("toAuditFilter", () => {
  it("sends only the parts set, the action as the procedure", () => {
    expect(toAuditFilter(EMPTY_AUDIT_QUERY)).toEqual({});
    expect(toAuditFilter({ ...EMPTY_AUDIT_QUERY, action: "tasks.cancel", taskId: 3, outcome: "ok" })).toEqual(
      {
        procedure: "tasks.cancel",
        taskId: 3,
        outcome: "ok",
      },
    );
    expect(isAuditFiltered(EMPTY_AUDIT_QUERY)).toBe(false);
    expect(["ok", "accepted", "CONFLICT"].map(isDoneOutcome)).toEqual([true, true, false]);
    expect(isAuditFiltered({ ...EMPTY_AUDIT_QUERY, from: "2026-01-01T00:00:00.000Z" })).toBe(true);
  });
});

describe("AUDIT_ACTIONS", () => {
  it("offers every mutation and sign-ins (what the audit log records), each once", () => {
    const mutations = (Object.keys(ACCESS) as ProcedurePath[]).filter((p) => procedureKind(p) === "mutation");
    const offered: string[] = AUDIT_ACTIONS.flatMap((group) => group.actions);
    expect([...offered].sort()).toEqual([...mutations, "auth.signIn"].sort());
    for (const group of AUDIT_ACTIONS) {
      for (const action of group.actions) expect(action.startsWith(group.prefix)).toBe(true);
    }
  });
});
