import type { ClaimedTask } from "@tps/core";
import type { Delivery } from "./delivery";

/** Why running work was stopped before it finished. */
export type StopReason = "canceled" | "shutdown" | "lease_lost";

/**
 * What an attempt keeps of its claimed task while the work runs and until its settle is written.
 * Not the payload (up to 64 KiB, and thousands of attempts are held at once): the work received
 * it when it started, and nothing after needs it.
 */
export interface AttemptTask {
  id: number;
  leaseToken: string;
  attempts: number;
  maxAttempts: number;
  /** Epoch ms: the end-to-end latency (created → finished) is measured from it. */
  createdAtMs: number;
}

export const attemptTask = (task: ClaimedTask): AttemptTask => ({
  id: task.id,
  leaseToken: task.leaseToken,
  attempts: task.attempts,
  maxAttempts: task.maxAttempts,
  createdAtMs: task.createdAt.getTime(),
});

/**
 * One attempt at a task: one claim, with its own lease token. The same task can have two attempts
 * in one process (its lease lapsed and the redelivered message was claimed again), so attempts are
 * keyed by token, never by task id.
 */
export interface Attempt {
  task: AttemptTask;
  delivery: Delivery;
  controller: AbortController;
  done: Promise<void>;
  cancelRequestedAt?: number;
  /** performance.now() when the database last confirmed the lease (claim or renewal). */
  leaseConfirmedAt: number;
  /** Set once a renewal showed the lease is gone: a pending settle stops retrying. */
  lost?: "canceled" | "lease_lost";
}

/** Attempts by lease token, with an index by task id (cancel signals name tasks, not attempts). */
export function createAttemptSet() {
  const byToken = new Map<string, Attempt>();
  const byTask = new Map<number, Set<Attempt>>();
  return {
    add(attempt: Attempt) {
      byToken.set(attempt.task.leaseToken, attempt);
      const set = byTask.get(attempt.task.id) ?? new Set();
      set.add(attempt);
      byTask.set(attempt.task.id, set);
    },
    /** Removes exactly this attempt; a newer attempt of the same task stays. */
    delete(attempt: Attempt) {
      if (byToken.get(attempt.task.leaseToken) !== attempt) return;
      byToken.delete(attempt.task.leaseToken);
      const set = byTask.get(attempt.task.id);
      set?.delete(attempt);
      if (set?.size === 0) byTask.delete(attempt.task.id);
    },
    ofTask: (id: number): Attempt[] => [...(byTask.get(id) ?? [])],
    values: () => byToken.values(),
    get size() {
      return byToken.size;
    },
  };
}

export type AttemptSet = ReturnType<typeof createAttemptSet>;
