/**
 * The task state machine: the one place that says which status changes are legal. Adapters turn
 * each transition into a conditional write whose status predicate is built from this table
 * (`… WHERE status = ANY(from)`), so races between cancel, completion, redelivery and a second
 * consumer cannot produce an illegal state.
 *
 *   PENDING ──claim──▶ PROCESSING ──complete──▶ COMPLETED
 *      │                  │ ├──backoff (failed, attempts left)──▶ PENDING
 *      │                  │ ├──release (shutdown, lease lapsed: the attempt is given back)──▶ PENDING
 *      │                  │ ├──fail (failed, no attempts left; or its lease lost too often)──▶ FAILED
 *      │                  │ └──takeover (lease lapsed, losses left)──▶ PROCESSING (the same attempt again)
 *      └──cancel──▶ CANCELED ◀──cancel──┘
 *   FAILED ──retry (operator)──▶ PENDING
 *   PENDING ──retryNow (operator: skip the rest of a backoff)──▶ PENDING (due now)
 *   PENDING ──expire (not started before its expiresAt)──▶ CANCELED
 */
export const TASK_STATUSES = ["PENDING", "PROCESSING", "COMPLETED", "CANCELED", "FAILED"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

interface Transition {
  readonly from: readonly TaskStatus[];
  readonly to: TaskStatus;
}

export const TRANSITIONS = {
  /** A consumer starts an attempt of a due task. */
  claim: { from: ["PENDING"], to: "PROCESSING" },
  /** A consumer runs a task whose attempt's lease lapsed (past its grace) again, as the same attempt. */
  takeover: { from: ["PROCESSING"], to: "PROCESSING" },
  complete: { from: ["PROCESSING"], to: "COMPLETED" },
  /** The attempt failed and attempts remain: back to PENDING until its backoff is over. */
  backoff: { from: ["PROCESSING"], to: "PENDING" },
  /** The attempt failed and none remain. */
  fail: { from: ["PROCESSING"], to: "FAILED" },
  /** The attempt was given back unfinished (shutdown, lapsed lease); it does not count. */
  release: { from: ["PROCESSING"], to: "PENDING" },
  cancel: { from: ["PENDING", "PROCESSING"], to: "CANCELED" },
  /** An operator gives a FAILED task a fresh set of attempts. */
  retry: { from: ["FAILED"], to: "PENDING" },
  /**
   * An operator skips the rest of a backoff: a PENDING task waiting for its next attempt is due now.
   * Only a task whose next attempt is still ahead changes (see `isWaitingToRetry`).
   */
  retryNow: { from: ["PENDING"], to: "PENDING" },
  /** A task not started before its `expiresAt` ends without running (`lastError` "expired"). */
  expire: { from: ["PENDING"], to: "CANCELED" },
} as const satisfies Record<string, Transition>;

export type TaskTransition = keyof typeof TRANSITIONS;
export const TASK_TRANSITIONS = Object.keys(TRANSITIONS) as TaskTransition[];

export function canApply(status: TaskStatus, transition: TaskTransition): boolean {
  return (TRANSITIONS[transition].from as readonly TaskStatus[]).includes(status);
}

/** The status after `transition`, or null when it is not allowed from `status`. */
export function nextStatus(status: TaskStatus, transition: TaskTransition): TaskStatus | null {
  return canApply(status, transition) ? TRANSITIONS[transition].to : null;
}

/** Statuses no transition leaves except an operator's retry. */
export const TERMINAL_STATUSES = TASK_STATUSES.filter((s) =>
  TASK_TRANSITIONS.every((t) => t === "retry" || !canApply(s, t)),
);

/**
 * Whether a task is waiting out a backoff, so "retry now" applies: it may be claimed (retryNow is
 * allowed from its status) but not before `nextAttemptAt`, which is still ahead of `now`.
 */
export function isWaitingToRetry(
  task: { status: TaskStatus; nextAttemptAt: string | null },
  now: number = Date.now(),
): boolean {
  return (
    canApply(task.status, "retryNow") && task.nextAttemptAt !== null && Date.parse(task.nextAttemptAt) > now
  );
}

export function isTerminal(status: TaskStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

export const canCancel = (status: TaskStatus): boolean => canApply(status, "cancel");
export const canRetry = (status: TaskStatus): boolean => canApply(status, "retry");

/** After a failed attempt: back off and try again while attempts remain, otherwise give up. */
export function afterFailure(attempts: number, maxAttempts: number): "backoff" | "fail" {
  return attempts < maxAttempts ? "backoff" : "fail";
}

/**
 * What happens when a lease lapses (its consumer crashed, or could not reach the database for
 * longer than the lease): the work did not fail, so the attempt is given back and the loss counted
 * apart, like BullMQ's stalled count. An outage or a crashed consumer holding thousands of tasks
 * spends none of their attempts; a task that keeps killing its consumers still ends FAILED.
 */
export interface LeaseLapsePolicy {
  /**
   * How long past its expiry a lease is left to its owner, to renew it or settle finished work,
   * before anyone reaps it or takes it over.
   */
  graceMs: number;
  /** The lease loss (counting this one) that fails the task instead of running it again. */
  maxLosses: number;
}

/**
 * Grace 10 s: after an outage the owner's settle retries within 2 s (the settler's largest pause)
 * and its renewal within a third of a 15 s lease (5 s); 10 s covers both with room for a slow
 * statement. Three losses: a task survives two consumer crashes or outages mid-run (BullMQ's
 * default of one would fail a task for a single unlucky restart); the third marks it a suspect.
 */
export const DEFAULT_LEASE_LAPSE: LeaseLapsePolicy = { graceMs: 10_000, maxLosses: 3 };

/**
 * A lease lost by a task that had lost fewer than this many before is released (runs again); the
 * storage adapters' predicates are `lease_losses < releasableLeaseLosses(max)`.
 */
export const releasableLeaseLosses = (maxLosses: number): number => Math.max(0, maxLosses - 1);

/** What one more lost lease does to a task that has lost `lossesSoFar` before. */
export function afterLeaseLoss(lossesSoFar: number, maxLosses: number): "release" | "fail" {
  return lossesSoFar < releasableLeaseLosses(maxLosses) ? "release" : "fail";
}

/** The error of a task failed by its lost leases; `%s` is the count (SQL fills it with format()). */
export const LEASE_LOST_ERROR_FORMAT =
  "lease lost %s times: its consumer stopped renewing it each time (crashed, or cut off from the database)";
export const leaseLostError = (losses: number): string =>
  LEASE_LOST_ERROR_FORMAT.replace("%s", String(losses));

/** Exponential backoff before attempt `attempts + 1`: base · 2^(attempts-1), capped. */
export function backoffDelayMs(attempts: number, baseMs = 1_000, maxMs = 60_000): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}
