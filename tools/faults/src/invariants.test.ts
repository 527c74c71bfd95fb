import { describe, expect, it } from "vitest";
import { checkHistory, type FinalTask, formatFigures, violations } from "./invariants";
import type { LedgerLine } from "./ledger";

const task = (id: number, status: FinalTask["status"], extra: Partial<FinalTask> = {}): FinalTask => ({
  id,
  status,
  attempts: 1,
  maxAttempts: 3,
  canceled: status === "CANCELED",
  completedEvents: status === "COMPLETED" ? 1 : 0,
  ...extra,
});
type Work = Extract<LedgerLine, { event: "start" | "end" | "abort" }>;
const line = (task: number, event: Work["event"], at: number, pid = 1, extra: Partial<Work> = {}): Work => ({
  task,
  attempt: 1,
  consumer: `c${pid}`,
  pid,
  event,
  at,
  ...(event === "end" ? { ok: true } : {}),
  ...extra,
});
const exit = (pid: number, at: number, signal: string | null = "SIGKILL"): LedgerLine => ({
  event: "exit",
  consumer: `c${pid}`,
  pid,
  at,
  signal,
});

describe("invariant checker", () => {
  it("a clean history has no violations", () => {
    const f = checkHistory({
      tasks: [task(1, "COMPLETED"), task(2, "CANCELED")],
      ledger: [line(1, "start", 0), line(1, "end", 10), line(2, "start", 0), line(2, "abort", 5)],
      cancelAcknowledged: [2],
      restoredAt: 1_000,
      lastTerminalAt: 3_500,
    });
    expect(violations(f)).toEqual([]);
    expect(f).toMatchObject({ tasks: 2, completed: 1, canceled: 1, recoverSeconds: 2.5 });
    expect(formatFigures("clean", f)).toContain("recover 2.5s");
  });

  it("counts lost tasks and acknowledged cancels that did not stick", () => {
    const f = checkHistory({
      tasks: [task(1, "PENDING"), task(2, "PROCESSING"), task(3, "COMPLETED", { canceled: true })],
      ledger: [],
      cancelAcknowledged: [3],
    });
    expect(f).toMatchObject({ lost: 2, cancelLost: 1, canceledButCompleted: 1 });
  });

  it("finds overlapping attempts unless one was aborted (fenced)", () => {
    const overlapping = checkHistory({
      tasks: [task(1, "COMPLETED", { attempts: 2 })],
      ledger: [
        line(1, "start", 0, 1),
        line(1, "start", 50, 2, { attempt: 2 }),
        line(1, "end", 100, 1, { ok: false }),
        line(1, "end", 150, 2, { attempt: 2 }),
      ],
    });
    expect(overlapping.overlapping).toBe(1);
    const fenced = checkHistory({
      tasks: [task(1, "COMPLETED", { attempts: 2 })],
      ledger: [
        line(1, "start", 0, 1),
        line(1, "start", 50, 2, { attempt: 2 }),
        line(1, "abort", 100, 1),
        line(1, "end", 150, 2, { attempt: 2 }),
      ],
    });
    expect(fenced.overlapping).toBe(0);
  });

  it("a killed process's attempt ends when it died; its unsettled success may run again", () => {
    const f = checkHistory({
      tasks: [task(1, "COMPLETED", { attempts: 2 })],
      ledger: [
        line(1, "start", 0, 1),
        line(1, "end", 100, 1),
        exit(1, 200),
        line(1, "start", 5_000, 2, { attempt: 2 }),
        line(1, "end", 5_100, 2, { attempt: 2 }),
        line(2, "start", 0, 1),
      ],
    });
    expect(f).toMatchObject({ overlapping: 0, completedTwice: 0 });
  });

  it("two successful runs at once (or two completed events) count as completed twice", () => {
    const ledger = [
      line(1, "start", 0, 1),
      line(1, "start", 10, 2, { attempt: 2 }),
      line(1, "end", 100, 1),
      line(1, "end", 110, 2, { attempt: 2 }),
      exit(1, 200, null),
    ];
    const f = checkHistory({ tasks: [task(1, "COMPLETED", { attempts: 2 })], ledger });
    expect(f).toMatchObject({ completedTwice: 1, overlapping: 1 });
    const fromTimeline = checkHistory({ tasks: [task(2, "COMPLETED", { completedEvents: 2 })], ledger: [] });
    expect(fromTimeline.completedTwice).toBe(1);
  });

  it("a success by a live process that runs again later counts as re-executed", () => {
    const f = checkHistory({
      tasks: [task(1, "COMPLETED", { attempts: 2 })],
      ledger: [
        line(1, "start", 0, 1),
        line(1, "end", 100, 1),
        line(1, "start", 5_000, 2, { attempt: 2 }),
        line(1, "end", 5_100, 2, { attempt: 2 }),
      ],
    });
    expect(f).toMatchObject({ completedTwice: 0, reexecuted: 1, overlapping: 0 });
    expect(violations(f)).toEqual([]);
  });

  it("counts attempts above max_attempts from the ledger and the table", () => {
    const f = checkHistory({
      tasks: [task(1, "FAILED", { attempts: 4 }), task(2, "FAILED", { attempts: 3 })],
      ledger: [line(2, "start", 0, 1, { attempt: 4 }), line(2, "end", 1, 1, { attempt: 4, ok: false })],
    });
    expect(f.attemptsAboveMax).toBe(2);
  });

  it("the dead-letter queue must hold exactly the poison messages", () => {
    const f = checkHistory({
      tasks: [],
      ledger: [],
      poison: ["not json", '{"task_id":-1}', "not json"],
      deadLetters: ["not json", '{"task_id":5}'],
    });
    expect(f).toMatchObject({ deadLetterUnexpected: 1, deadLetterMissing: 2 });
    expect(violations(f)).toEqual(["1 unexpected dead letters", "2 poison messages not dead-lettered"]);
  });
});
