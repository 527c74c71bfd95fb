/**
 * The task state machine: the one place that says which status changes are legal. Adapters turn
 * each transition into a conditional write whose status predicate is built from this table
 * (`… WHERE status = ANY(from)`), so races between cancel, completion, redelivery and a second
 * consumer cannot produce an illegal state.
 *
 *   PENDING ──claim──▶ PROCESSING ──complete──▶ COMPLETED
 *      │                  │ ├──backoff (failed, attempts left)──▶ PENDING
 *      │                  │ ├──release (shutdown, lease lapsed)──▶ PENDING
 *      │                  │ ├──fail (failed, no attempts left)──▶ FAILED
 *      │                  │ └──takeover (lease lapsed, attempts left)──▶ PROCESSING (new attempt)
 *      └──cancel──▶ CANCELED ◀──cancel──┘
 *   FAILED ──retry (operator)──▶ PENDING
 *   PENDING ──retryNow (operator: skip the rest of a backoff)──▶ PENDING (due now)
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
  /** A consumer starts a new attempt of a task whose previous attempt's lease lapsed. */
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

/** Exponential backoff before attempt `attempts + 1`: base · 2^(attempts-1), capped. */
export function backoffDelayMs(attempts: number, baseMs = 1_000, maxMs = 60_000): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}
