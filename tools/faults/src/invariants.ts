import { type Attempt, attemptsOf, type Death, type LedgerLine } from "./ledger";
import { concurrentPairs, fenceBoundMs, overlapsOf } from "./overlaps";

/** The worker's default lease (packages/worker/src/settings.ts), when a history does not say. */
export const PRODUCTION_LEASE_MS = 15_000;

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
  /** Ids whose create the API acknowledged: each must exist at the end. */
  createAcknowledged?: readonly number[];
  /** The consumers' LEASE_MS: the fence bound on overlapping attempts derives from it. */
  leaseMs?: number;
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
  /**
   * Pairs of attempts of one task (aborted or not) where the earlier one ran on, while its process
   * could run, longer than the fence bound after the later one started.
   */
  overlapping: number;
  /** The longest such run-on (ms), within the bound or not, and the bound it was held to. */
  overlapMaxMs: number;
  fenceBoundMs: number;
  /** FAILED, yet no attempt in the ledger failed by itself (threw, or ran past its timeout). */
  failedWithoutOwnFailure: number;
  /** COMPLETED, yet no attempt in the ledger succeeded. */
  completedWithoutSuccess: number;
  /** Ids the API acknowledged as created that are not in the database. */
  createdButMissing: number;
  /**
   * Tasks charged attempts for infrastructure faults: `attempts` in the database above the attempts
   * that failed by themselves + 1; and how many attempts were charged so, in all.
   */
  attemptsCharged: number;
  attemptsChargedTotal: number;
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
  const { attempts, deaths, pauses } = attemptsOf(history.ledger);
  const byTask = new Map<number, Attempt[]>();
  for (const a of attempts) byTask.set(a.task, [...(byTask.get(a.task) ?? []), a]);
  const count = (p: (t: FinalTask) => boolean) => history.tasks.filter(p).length;
  const statusOf = new Map(history.tasks.map((t) => [t.id, t.status]));
  const bound = fenceBoundMs(history.leaseMs ?? PRODUCTION_LEASE_MS);

  let completedTwice = 0;
  let reexecuted = 0;
  let overlapping = 0;
  let overlapMaxMs = 0;
  const aboveMax = new Set<number>();
  const maxOf = new Map(history.tasks.map((t) => [t.id, t.maxAttempts]));
  const timelineOf = new Map(history.tasks.map((t) => [t.id, t.completedEvents]));
  for (const [task, list] of byTask) {
    const successes = list.filter((a) => a.outcome === "ok");
    const concurrent = concurrentPairs(successes) > 0;
    if (concurrent || (timelineOf.get(task) ?? 0) > 1) completedTwice++;
    else if (successes.filter((a) => !mayBeUnsettled(a, deaths)).length > 1) reexecuted++;
    const o = overlapsOf(list, pauses, bound);
    overlapping += o.beyondBound;
    overlapMaxMs = Math.max(overlapMaxMs, o.longestMs);
    if (list.some((a) => a.attempt > (maxOf.get(task) ?? Number.POSITIVE_INFINITY))) aboveMax.add(task);
  }
  let failedWithoutOwnFailure = 0;
  let completedWithoutSuccess = 0;
  let attemptsCharged = 0;
  let attemptsChargedTotal = 0;
  for (const t of history.tasks) {
    const list = byTask.get(t.id) ?? [];
    if (!byTask.has(t.id) && t.completedEvents > 1) completedTwice++;
    if (t.attempts > t.maxAttempts) aboveMax.add(t.id);
    const ownFailures = list.filter(failedByItself).length;
    if (t.status === "FAILED" && ownFailures === 0) failedWithoutOwnFailure++;
    if (t.status === "COMPLETED" && !list.some((a) => a.outcome === "ok")) completedWithoutSuccess++;
    const charged = t.attempts - (ownFailures + 1);
    if (charged > 0) {
      attemptsCharged++;
      attemptsChargedTotal += charged;
    }
  }
  // Ids compared as numbers: the API may hand bigint ids over as text.
  const ids = new Set(history.tasks.map((t) => Number(t.id)));
  const createdButMissing = new Set(
    (history.createAcknowledged ?? []).map(Number).filter((id) => !ids.has(id)),
  ).size;

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
    overlapMaxMs,
    fenceBoundMs: bound,
    failedWithoutOwnFailure,
    completedWithoutSuccess,
    createdButMissing,
    attemptsCharged,
    attemptsChargedTotal,
    attemptsAboveMax: aboveMax.size,
    deadLetterUnexpected: dead.extra,
    deadLetterMissing: dead.missing,
    recoverSeconds,
  };
}

/** The attempt failed by itself (its work threw, or ran past its timeout), not by a fault around it. */
function failedByItself(a: Attempt): boolean {
  return a.outcome === "error" || (a.outcome === "abort" && a.reason === "timeout");
}

function mayBeUnsettled(a: Attempt, deaths: Map<number, Death>) {
  const death = deaths.get(a.pid);
  return death?.signal === "SIGKILL" && death.at - a.endedAt <= UNSETTLED_WINDOW_MS;
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
    ["overlapping", "overlapping attempts beyond the fence bound"],
    ["failedWithoutOwnFailure", "FAILED tasks with no attempt that failed by itself"],
    ["completedWithoutSuccess", "COMPLETED tasks with no successful attempt"],
    ["createdButMissing", "acknowledged creates missing"],
    ["attemptsCharged", "tasks charged attempts for infrastructure faults"],
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
    `overlap ${f.overlapping} (max ${fmtMs(f.overlapMaxMs)}/${f.fenceBoundMs}ms)`,
    `failed-not-own ${f.failedWithoutOwnFailure}`,
    `completed-no-ok ${f.completedWithoutSuccess}`,
    `ack-missing ${f.createdButMissing}`,
    `charged ${f.attemptsCharged} (${f.attemptsChargedTotal} attempts)`,
    `>max ${f.attemptsAboveMax}`,
    `dlq +${f.deadLetterUnexpected}/-${f.deadLetterMissing}`,
    `recover ${recover}s`,
    ...(seconds === undefined ? [] : [`run ${seconds.toFixed(1)}s`]),
  ];
  return `[faults] ${name.padEnd(34)} | ${cells.join(" | ")}`;
}

const fmtMs = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(0) : "inf");
