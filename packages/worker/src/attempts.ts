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
  type: string;
  leaseToken: string;
  attempts: number;
  maxAttempts: number;
  /** Epoch ms: the end-to-end latency (created → finished) is measured from it. */
  createdAtMs: number;
}

export const attemptTask = (task: ClaimedTask): AttemptTask => ({
  id: task.id,
  type: task.type,
  leaseToken: task.leaseToken,
  attempts: task.attempts,
  maxAttempts: task.maxAttempts,
  createdAtMs: task.createdAt.getTime(),
});

/**
 * One attempt at a task: one claim, with its own lease token. The same task can have two attempts
 * in one process (its lease lapsed and the redelivered message was claimed again), so an attempt is
 * told apart by its identity (and its token), never by task id alone.
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

/**
 * The running attempts, with an index by task id (cancel signals name tasks, not attempts). A task
 * has one attempt here but for a moment when its lease lapsed and it was claimed again, so the
 * index holds a small array rather than a set per task.
 */
export function createAttemptSet() {
  const all = new Set<Attempt>();
  const byTask = new Map<number, Attempt[]>();
  return {
    add(attempt: Attempt) {
      all.add(attempt);
      const same = byTask.get(attempt.task.id);
      if (same) same.push(attempt);
      else byTask.set(attempt.task.id, [attempt]);
    },
    /** Removes exactly this attempt; a newer attempt of the same task stays. */
    delete(attempt: Attempt) {
      if (!all.delete(attempt)) return;
      const others = (byTask.get(attempt.task.id) ?? []).filter((a) => a !== attempt);
      if (others.length > 0) byTask.set(attempt.task.id, others);
      else byTask.delete(attempt.task.id);
    },
    ofTask: (id: number): Attempt[] => [...(byTask.get(id) ?? [])],
    values: () => all.values(),
    get size() {
      return all.size;
    },
  };
}

export type AttemptSet = ReturnType<typeof createAttemptSet>;
