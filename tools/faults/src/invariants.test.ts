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
/** An attempt that started and ended (successfully, unless `extra` says otherwise): its two lines. */
const ran = (task: number, from: number, to: number, pid = 1, extra: Partial<Work> = {}): Work[] => [
  line(task, "start", from, pid, extra),
  line(task, "end", to, pid, extra),
];
const freeze = (pid: number, event: "pause" | "resume", at: number): LedgerLine => ({
  event,
  consumer: `c${pid}`,
  pid,
  at,
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
      ledger: [line(3, "start", 0), line(3, "end", 10)],
      cancelAcknowledged: [3],
    });
    expect(f).toMatchObject({ lost: 2, cancelLost: 1, canceledButCompleted: 1 });
  });

  it("finds overlapping attempts unless one was aborted (fenced)", () => {
    // Attempt 2 takes over at 50 ms; only how attempt 1 stops differs between the two histories.
    const takenOver = (firstStops: Work) =>
      checkHistory({
        tasks: [task(1, "COMPLETED", { attempts: 2 })],
        ledger: [
          line(1, "start", 0, 1),
          line(1, "start", 50, 2, { attempt: 2 }),
          firstStops,
          line(1, "end", 150, 2, { attempt: 2 }),
        ],
        leaseMs: 1_000,
      });
    const overlapping = takenOver(line(1, "end", 120, 1, { ok: false }));
    expect(overlapping.overlapping).toBe(1);
    const fenced = takenOver(line(1, "abort", 60, 1, { reason: "lease_lost" }));
    expect(fenced).toMatchObject({ overlapping: 0, overlapMaxMs: 10, fenceBoundMs: 50 });
  });

  it("an aborted attempt that ran on past the fence bound still overlaps", () => {
    // Today's checker dropped aborted attempts from the overlap check: this one ran 2 s alongside
    // its takeover before it was aborted, with a 15 s lease (bound 750 ms).
    const f = checkHistory({
      tasks: [task(1, "COMPLETED", { attempts: 2 })],
      ledger: [
        line(1, "start", 0, 1),
        line(1, "start", 16_000, 2, { attempt: 2 }),
        line(1, "abort", 18_000, 1, { reason: "lease_lost" }),
        line(1, "end", 19_000, 2, { attempt: 2 }),
      ],
      leaseMs: 15_000,
    });
    expect(f).toMatchObject({ overlapping: 1, overlapMaxMs: 2_000, fenceBoundMs: 750 });
    expect(violations(f)).toContain("1 overlapping attempts beyond the fence bound");
  });

  it("the fence bound comes from the lease: 60 ms of overlap is within a 3 s lease's, not a 1 s lease's", () => {
    const ledger = [
      line(1, "start", 0, 1),
      line(1, "start", 1_000, 2, { attempt: 2 }),
      line(1, "abort", 1_060, 1, { reason: "lease_lost" }),
      line(1, "end", 2_000, 2, { attempt: 2 }),
    ];
    const tasks = [task(1, "COMPLETED", { attempts: 2 })];
    expect(checkHistory({ tasks, ledger, leaseMs: 3_000 }).overlapping).toBe(0);
    expect(checkHistory({ tasks, ledger, leaseMs: 1_000 }).overlapping).toBe(1);
  });

  it("a frozen process's time does not count; once thawed it must stop within the bound", () => {
    const frozen = [
      line(1, "start", 0, 1),
      freeze(1, "pause", 1_000),
      line(1, "start", 16_000, 2, { attempt: 2 }),
      freeze(1, "resume", 20_000),
    ];
    const tasks = [task(1, "COMPLETED", { attempts: 2 })];
    const prompt = checkHistory({
      tasks,
      ledger: [
        ...frozen,
        line(1, "abort", 20_300, 1, { reason: "lease_lost" }),
        line(1, "end", 21_000, 2, { attempt: 2 }),
      ],
      leaseMs: 15_000,
    });
    expect(prompt).toMatchObject({ overlapping: 0, overlapMaxMs: 300 });
    const late = checkHistory({
      tasks,
      ledger: [
        ...frozen,
        line(1, "end", 21_000, 2, { attempt: 2 }),
        line(1, "abort", 23_000, 1, { reason: "lease_lost" }),
      ],
      leaseMs: 15_000,
    });
    expect(late).toMatchObject({ overlapping: 1, overlapMaxMs: 1_000 });
  });

  it("counts FAILED tasks none of whose attempts failed by itself", () => {
    const f = checkHistory({
      tasks: [
        task(1, "FAILED", { attempts: 1, maxAttempts: 1 }),
        task(2, "FAILED", { attempts: 1, maxAttempts: 1 }),
        task(3, "FAILED", { attempts: 1, maxAttempts: 1 }),
      ],
      ledger: [
        line(1, "start", 0, 1),
        line(1, "abort", 10, 1, { reason: "lease_lost" }), // an infrastructure fault, not its own
        line(2, "start", 0, 1),
        line(2, "end", 10, 1, { ok: false }), // threw: its own failure
        line(3, "start", 0, 1),
        line(3, "abort", 10, 1, { reason: "timeout" }), // ran past its timeout: its own failure
      ],
    });
    expect(f.failedWithoutOwnFailure).toBe(1);
    expect(violations(f)).toEqual(["1 FAILED tasks with no attempt that failed by itself"]);
  });

  it("counts COMPLETED tasks without a successful attempt in the ledger", () => {
    const f = checkHistory({
      tasks: [task(1, "COMPLETED"), task(2, "COMPLETED")],
      ledger: [line(1, "start", 0, 1), line(1, "abort", 10, 1, { reason: "canceled" }), line(2, "start", 0)],
    });
    expect(f.completedWithoutSuccess).toBe(2);
    expect(violations(f)).toContain("2 COMPLETED tasks with no successful attempt");
  });

  it("counts ids the API acknowledged as created that are missing", () => {
    const f = checkHistory({
      tasks: [task(1, "COMPLETED")],
      ledger: [line(1, "start", 0), line(1, "end", 10)],
      createAcknowledged: [1, 2, 3, 3],
    });
    expect(f.createdButMissing).toBe(2);
    expect(violations(f)).toEqual(["2 acknowledged creates missing"]);
  });

  it("counts attempts charged for infrastructure faults: attempts above own failures + 1", () => {
    const f = checkHistory({
      tasks: [
        task(1, "COMPLETED", { attempts: 2 }), // its first attempt was fenced by an outage
        task(2, "COMPLETED", { attempts: 2 }), // its first attempt threw: a fair second attempt
        task(3, "COMPLETED", { attempts: 4, maxAttempts: 5 }), // killed twice, then one own failure
      ],
      ledger: [
        line(1, "start", 0, 1),
        line(1, "abort", 10, 1, { reason: "lease_lost" }),
        ...ran(1, 20, 30, 2, { attempt: 2 }),
        line(2, "start", 0, 1),
        line(2, "end", 10, 1, { ok: false }),
        ...ran(2, 20, 30, 1, { attempt: 2 }),
        line(3, "start", 0, 3),
        exit(3, 5),
        line(3, "start", 10, 4, { attempt: 2 }),
        exit(4, 15),
        line(3, "start", 20, 1, { attempt: 3 }),
        line(3, "end", 30, 1, { attempt: 3, ok: false }),
        ...ran(3, 40, 50, 1, { attempt: 4 }),
      ],
    });
    expect(f).toMatchObject({ attemptsCharged: 2, attemptsChargedTotal: 3 });
    expect(violations(f)).toEqual(["2 tasks charged attempts for infrastructure faults"]);
  });

  it("a killed process's attempt ends when it died; its unsettled success may run again", () => {
    const f = checkHistory({
      tasks: [task(1, "COMPLETED", { attempts: 2 })],
      ledger: [
        ...ran(1, 0, 100, 1),
        exit(1, 200),
        ...ran(1, 5_000, 5_100, 2, { attempt: 2 }),
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
    const f = checkHistory({ tasks: [task(1, "COMPLETED", { attempts: 2 })], ledger, leaseMs: 1_000 });
    expect(f).toMatchObject({ completedTwice: 1, overlapping: 1 });
    const fromTimeline = checkHistory({ tasks: [task(2, "COMPLETED", { completedEvents: 2 })], ledger: [] });
    expect(fromTimeline.completedTwice).toBe(1);
  });

  it("a success by a live process that runs again later counts as re-executed", () => {
    // Not a violation by itself (a scenario asserts it where the lease outlives the fault); the
    // task here was not charged for the second run.
    const f = checkHistory({
      tasks: [task(1, "COMPLETED", { attempts: 1 })],
      ledger: [...ran(1, 0, 100, 1), ...ran(1, 5_000, 5_100, 2, { attempt: 2 })],
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
