import type { Task } from "@tps/api/client";

type Timestamps = Pick<Task, "status" | "createdAt" | "startedAt" | "finishedAt">;

const at = (iso: string | null) => (iso === null ? null : Date.parse(iso));

/**
 * Time spent waiting in the queue: from creation until work started. Still counting (against `now`)
 * while the task is PENDING; a task cancelled before it started waited until it was cancelled.
 */
export function queueWaitMs(task: Timestamps, now: number): number | null {
  const created = at(task.createdAt)!;
  const started = at(task.startedAt);
  if (task.status === "PENDING") return now - created;
  if (started !== null) return started - created;
  const finished = at(task.finishedAt);
  return finished === null ? null : finished - created;
}

/** Time spent working: from start until it finished, or until `now` while PROCESSING. */
export function runMs(task: Timestamps, now: number): number | null {
  const started = at(task.startedAt);
  if (started === null) return null;
  if (task.status === "PROCESSING") return now - started;
  if (task.status === "PENDING") return null; // waiting for a retry: the last attempt is over
  const finished = at(task.finishedAt);
  return finished === null ? null : finished - started;
}
