/** The fields of a task that say why a PENDING task has not started yet. */
export interface WaitFields {
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  waitingOn?: "concurrency" | "rate" | null;
}

/**
 * Why a PENDING task is not running yet, or null when it is due (or not PENDING):
 * - `limit`: held back by its type's concurrency or rate limit (until a slot or token frees);
 * - `backoff`: an attempt failed and the next one waits out the backoff;
 * - `scheduled`: created with a run-at time or delay that has not come yet.
 */
export type PendingWait =
  | { kind: "limit"; limit: "concurrency" | "rate" }
  | { kind: "backoff"; at: string }
  | { kind: "scheduled"; at: string };

export function pendingWait(task: WaitFields, now: number): PendingWait | null {
  if (task.status !== "PENDING") return null;
  if (task.waitingOn) return { kind: "limit", limit: task.waitingOn };
  if (task.nextAttemptAt === null || Date.parse(task.nextAttemptAt) <= now) return null;
  // `attempts` counts failed attempts only, so a task that has not run yet waits for its start time.
  return task.attempts > 0
    ? { kind: "backoff", at: task.nextAttemptAt }
    : { kind: "scheduled", at: task.nextAttemptAt };
}

/** "waiting on concurrency limit" / "waiting on rate limit". */
export const describeLimitWait = (limit: "concurrency" | "rate"): string => `waiting on ${limit} limit`;
