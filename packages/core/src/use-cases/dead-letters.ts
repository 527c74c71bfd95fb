import type {
  DeadLetter,
  DeadLetterPage,
  DeadLetterSelection,
  PurgeResult,
  RedriveResult,
} from "../domain/dead-letter";
import { MAX_DEAD_LETTERS_PER_CALL } from "../domain/dead-letter";
import { TaskError } from "../domain/errors";
import { isTerminal } from "../domain/task-state";
import type { DeadLetterQueue, TaskRepository } from "../ports";

export interface DeadLetterDeps {
  deadLetters?: DeadLetterQueue;
  repo: Pick<TaskRepository, "findById">;
}

function queueOf(deps: DeadLetterDeps): DeadLetterQueue {
  if (!deps.deadLetters) throw new TaskError("UNAVAILABLE", "the dead-letter queue is not configured here");
  return deps.deadLetters;
}

/** The head of the dead-letter queue (up to `limit` messages), left where it is. */
export function listDeadLetters(deps: DeadLetterDeps, limit: number): Promise<DeadLetterPage> {
  return queueOf(deps).list(Math.max(1, Math.min(limit, MAX_DEAD_LETTERS_PER_CALL)));
}

/**
 * Which of `letters` to remove instead of redriving: those whose task is already finished in
 * PostgreSQL (COMPLETED, CANCELED, FAILED). The consumer would only ack such a message as a stale
 * duplicate; a FAILED task is brought back by `tasks.retry`, which publishes it anew. Messages
 * without a task id, or for a task that does not exist, are redriven as asked: the consumer
 * dead-letters them again unless whatever made it refuse them has been fixed.
 */
export async function finishedTaskLetters(
  repo: Pick<TaskRepository, "findById">,
  letters: readonly DeadLetter[],
): Promise<ReadonlySet<string>> {
  const ids = [...new Set(letters.flatMap((l) => (l.taskId === null ? [] : [l.taskId])))];
  const tasks = await Promise.all(ids.map((id) => repo.findById(id)));
  const finished = new Set(tasks.flatMap((t) => (t && isTerminal(t.status) ? [t.id] : [])));
  return new Set(letters.filter((l) => l.taskId !== null && finished.has(l.taskId)).map((l) => l.key));
}

/** Publishes the selected dead letters back to the work queue, dropping those of finished tasks. */
export function redriveDeadLetters(
  deps: DeadLetterDeps,
  selection: DeadLetterSelection,
): Promise<RedriveResult> {
  return queueOf(deps).redrive(selection, (letters) => finishedTaskLetters(deps.repo, letters));
}

/** Removes the selected dead letters for good. */
export function purgeDeadLetters(deps: DeadLetterDeps, selection: DeadLetterSelection): Promise<PurgeResult> {
  return queueOf(deps).purge(selection);
}
