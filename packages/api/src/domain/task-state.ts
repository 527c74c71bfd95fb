/**
 * The task state machine: the one place that says which status changes are legal.
 * Adapters turn each transition into a conditional write (`… WHERE status IN (from)`), so races
 * between cancel, completion, redelivery and a second consumer cannot produce an illegal state.
 *
 *   PENDING ──claim──▶ PROCESSING ──complete──▶ COMPLETED
 *      │                  │ ├──retry (attempts left)──▶ PENDING
 *      │                  │ ├──release (shutdown, lease lapsed)──▶ PENDING
 *      │                  │ └──fail (no attempts left)──▶ FAILED
 *      └──cancel──▶ CANCELED ◀──cancel──┘
 *   FAILED ──requeue (operator)──▶ PENDING
 */
export const TASK_STATUSES = ["PENDING", "PROCESSING", "COMPLETED", "CANCELED", "FAILED"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TERMINAL_STATUSES: readonly TaskStatus[] = ["COMPLETED", "CANCELED", "FAILED"];

interface Transition {
  readonly from: readonly TaskStatus[];
  readonly to: TaskStatus;
}

export const TRANSITIONS = {
  claim: { from: ["PENDING"], to: "PROCESSING" },
  complete: { from: ["PROCESSING"], to: "COMPLETED" },
  retry: { from: ["PROCESSING"], to: "PENDING" },
  fail: { from: ["PROCESSING"], to: "FAILED" },
  release: { from: ["PROCESSING"], to: "PENDING" },
  cancel: { from: ["PENDING", "PROCESSING"], to: "CANCELED" },
  requeue: { from: ["FAILED"], to: "PENDING" },
} as const satisfies Record<string, Transition>;

export type TaskEvent = keyof typeof TRANSITIONS;

export function canApply(status: TaskStatus, event: TaskEvent): boolean {
  return (TRANSITIONS[event].from as readonly TaskStatus[]).includes(status);
}

/** The status after `event`, or null when the event is not allowed from `status`. */
export function nextStatus(status: TaskStatus, event: TaskEvent): TaskStatus | null {
  return canApply(status, event) ? TRANSITIONS[event].to : null;
}

export function isTerminal(status: TaskStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** After a failed attempt: try again while attempts remain, otherwise give up. */
export function failureEvent(attempts: number, maxAttempts: number): "retry" | "fail" {
  return attempts < maxAttempts ? "retry" : "fail";
}

/** Exponential backoff before attempt `attempts + 1`: base · 2^(attempts-1), capped. */
export function retryDelayMs(attempts: number, baseMs = 1_000, maxMs = 60_000): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}
