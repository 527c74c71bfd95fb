import { type Attempt, attemptsOf, type Death, type LedgerLine } from "./ledger";

/** A task as PostgreSQL holds it at the end of a scenario (read straight from the tables). */
export interface FinalTask {
  id: number;
  status: "PENDING" | "PROCESSING" | "COMPLETED" | "CANCELED" | "FAILED";
  attempts: number;
  maxAttempts: number;
  canceled: boolean;
  /** `completed` rows of its timeline (task_events). */
  completedEvents: number;
}

export interface History {
  tasks: readonly FinalTask[];
  ledger: readonly LedgerLine[];
  /** Bodies found in the dead-letter queue, and the poison messages the scenario published. */
  deadLetters?: readonly string[];
  poison?: readonly string[];
  /** Ids whose cancel the API acknowledged: each must end CANCELED. */
  cancelAcknowledged?: readonly number[];
  /** Epoch ms: when the fault ended (restored, or an instant fault such as kill -9 landed), and when
   * the last task became terminal. */
  restoredAt?: number;
  lastTerminalAt?: number;
}

export interface Figures {
  tasks: number;
  completed: number;
  canceled: number;
  failed: number;
  /** Not terminal at the end (PENDING or PROCESSING). */
  lost: number;
  /** Work that succeeded twice at the same time, or more than one `completed` on the timeline. */
  completedTwice: number;
  /**
   * Work that succeeded, by a process that lived on, and then ran again and succeeded again: a
   * success that was never settled (at-least-once). Not a violation by itself: a scenario asserts
   * it where the lease outlives the fault, so the first outcome should have been written.
   */
  reexecuted: number;
  /** CANCELED with a `completed` event, or COMPLETED after a cancel. */
  canceledButCompleted: number;
  /** The API said "cancelled" but the task did not end CANCELED. */
  cancelLost: number;
  /** Pairs of attempts of one task running at the same time, neither of them aborted (fenced). */
  overlapping: number;
  attemptsAboveMax: number;
  /** Dead-letter queue against the poison published: unexpected bodies and missing ones. */
  deadLetterUnexpected: number;
  deadLetterMissing: number;
  /** From restoring the fault to the last task becoming terminal; NaN when unknown. */
  recoverSeconds: number;
}

/** A successful end by a process killed with -9 this soon after may never have been settled. */
const UNSETTLED_WINDOW_MS = 5_000;

export function checkHistory(history: History): Figures {
  const { attempts, deaths } = attemptsOf(history.ledger);
  const byTask = new Map<number, Attempt[]>();
  for (const a of attempts) byTask.set(a.task, [...(byTask.get(a.task) ?? []), a]);
  const count = (p: (t: FinalTask) => boolean) => history.tasks.filter(p).length;
  const statusOf = new Map(history.tasks.map((t) => [t.id, t.status]));

  let completedTwice = 0;
  let reexecuted = 0;
  let overlapping = 0;
  const aboveMax = new Set<number>();
  const maxOf = new Map(history.tasks.map((t) => [t.id, t.maxAttempts]));
  const timelineOf = new Map(history.tasks.map((t) => [t.id, t.completedEvents]));
  for (const [task, list] of byTask) {
    const successes = list.filter((a) => a.outcome === "ok");
    const concurrent = overlapsIn(successes, true) > 0;
    if (concurrent || (timelineOf.get(task) ?? 0) > 1) completedTwice++;
    else if (successes.filter((a) => !mayBeUnsettled(a, deaths)).length > 1) reexecuted++;
    overlapping += overlapsIn(list);
    if (list.some((a) => a.attempt > (maxOf.get(task) ?? Number.POSITIVE_INFINITY))) aboveMax.add(task);
  }
  for (const t of history.tasks) {
    if (!byTask.has(t.id) && t.completedEvents > 1) completedTwice++;
    if (t.attempts > t.maxAttempts) aboveMax.add(t.id);
  }

  const dead = multisetDiff(history.deadLetters ?? [], history.poison ?? []);
  const recoverSeconds =
    history.restoredAt !== undefined && history.lastTerminalAt !== undefined
      ? Math.max(0, history.lastTerminalAt - history.restoredAt) / 1000
      : Number.NaN;
  return {
    tasks: history.tasks.length,
    completed: count((t) => t.status === "COMPLETED"),
    canceled: count((t) => t.status === "CANCELED"),
    failed: count((t) => t.status === "FAILED"),
    lost: count((t) => t.status === "PENDING" || t.status === "PROCESSING"),
    completedTwice,
    reexecuted,
    canceledButCompleted: count(
      (t) => (t.status === "CANCELED" && t.completedEvents > 0) || (t.status === "COMPLETED" && t.canceled),
    ),
    cancelLost: (history.cancelAcknowledged ?? []).filter((id) => statusOf.get(id) !== "CANCELED").length,
    overlapping,
    attemptsAboveMax: aboveMax.size,
    deadLetterUnexpected: dead.extra,
    deadLetterMissing: dead.missing,
    recoverSeconds,
  };
}

function mayBeUnsettled(a: Attempt, deaths: Map<number, Death>) {
  const death = deaths.get(a.pid);
  return death?.signal === "SIGKILL" && death.at - a.endedAt <= UNSETTLED_WINDOW_MS;
}

/** Pairs of attempts whose intervals intersect, where neither was aborted (fenced). */
function overlapsIn(list: readonly Attempt[], includeAborted = false): number {
  const live = list
    .filter((a) => includeAborted || a.outcome !== "abort")
    .sort((x, y) => x.startedAt - y.startedAt);
  let pairs = 0;
  for (let i = 0; i < live.length; i++) {
    for (let j = i + 1; j < live.length; j++) {
      if (live[j]!.startedAt < live[i]!.endedAt) pairs++;
    }
  }
  return pairs;
}

function multisetDiff(found: readonly string[], expected: readonly string[]) {
  const left = new Map<string, number>();
  for (const e of expected) left.set(e, (left.get(e) ?? 0) + 1);
  let extra = 0;
  for (const f of found) {
    const n = left.get(f) ?? 0;
    if (n > 0) left.set(f, n - 1);
    else extra++;
  }
  return { extra, missing: [...left.values()].reduce((a, b) => a + b, 0) };
}

/** The invariants every scenario holds to: each broken one, named with its figure. */
export function violations(f: Figures): string[] {
  const rules: [keyof Figures, string][] = [
    ["lost", "tasks not terminal"],
    ["completedTwice", "tasks completed twice"],
    ["canceledButCompleted", "cancelled tasks completed"],
    ["cancelLost", "acknowledged cancels not CANCELED"],
    ["overlapping", "overlapping attempts"],
    ["attemptsAboveMax", "tasks above max_attempts"],
    ["deadLetterUnexpected", "unexpected dead letters"],
    ["deadLetterMissing", "poison messages not dead-lettered"],
  ];
  return rules.filter(([key]) => (f[key] as number) > 0).map(([key, what]) => `${f[key]} ${what}`);
}

/** One line of figures, for the scenario's log. */
export function formatFigures(name: string, f: Figures, seconds?: number): string {
  const recover = Number.isNaN(f.recoverSeconds) ? "-" : f.recoverSeconds.toFixed(1);
  const cells = [
    `tasks ${f.tasks}`,
    `completed ${f.completed}`,
    `canceled ${f.canceled}`,
    `failed ${f.failed}`,
    `lost ${f.lost}`,
    `twice ${f.completedTwice}`,
    `re-run ${f.reexecuted}`,
    `canceled+completed ${f.canceledButCompleted}`,
    `cancel-lost ${f.cancelLost}`,
    `overlap ${f.overlapping}`,
    `>max ${f.attemptsAboveMax}`,
    `dlq +${f.deadLetterUnexpected}/-${f.deadLetterMissing}`,
    `recover ${recover}s`,
    ...(seconds === undefined ? [] : [`run ${seconds.toFixed(1)}s`]),
  ];
  return `[faults] ${name.padEnd(34)} | ${cells.join(" | ")}`;
}
