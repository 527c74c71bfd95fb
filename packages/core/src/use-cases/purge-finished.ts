import { TaskError } from "../domain/errors";
import { isTerminal, type TaskStatus, TERMINAL_STATUSES } from "../domain/task-state";
import type { TaskRepository } from "../ports";

export interface PurgeOptions {
  /** Tasks finished at least this long ago are deleted. */
  olderThanMs: number;
  /** The cut-off itself, when the caller fixed it already (a CLI that counted first); wins over olderThanMs. */
  finishedBefore?: Date;
  /** Only these terminal statuses; all of them by default. */
  statuses?: readonly TaskStatus[];
  /** Rows per statement. */
  batch: number;
  /** Pause between two batches, so other writers get the table (and the disk) in between. */
  pauseMs?: number;
  /** After each batch: the rows deleted so far. */
  onBatch?: (deleted: number) => void;
  signal?: AbortSignal;
  now?: () => number;
}

export interface PurgeResult {
  deleted: number;
  batches: number;
  elapsedMs: number;
}

/** The statuses a purge may delete: the given ones, each of which must be terminal. */
export function purgeStatuses(statuses?: readonly TaskStatus[]): readonly TaskStatus[] {
  if (!statuses || statuses.length === 0) return TERMINAL_STATUSES;
  const unfinished = statuses.filter((s) => !isTerminal(s));
  if (unfinished.length) {
    throw new TaskError(
      "BAD_REQUEST",
      `only finished tasks can be purged (${TERMINAL_STATUSES.join(", ")}), not ${unfinished.join(", ")}`,
    );
  }
  return [...new Set(statuses)];
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });

/**
 * Retention: deletes finished tasks older than `olderThanMs` batch by batch (each one short statement,
 * so no long locks) until a batch comes back short, or `signal` aborts. The cut-off is fixed at the
 * start, so tasks finishing meanwhile never keep a pass going.
 */
export async function purgeFinished(
  repo: Pick<TaskRepository, "purgeFinished">,
  options: PurgeOptions,
): Promise<PurgeResult> {
  const now = options.now ?? Date.now;
  const statuses = purgeStatuses(options.statuses);
  const started = now();
  const finishedBefore = options.finishedBefore ?? new Date(started - options.olderThanMs);
  let deleted = 0;
  let batches = 0;
  while (!options.signal?.aborted) {
    const n = await repo.purgeFinished({ finishedBefore, statuses, limit: options.batch });
    batches++;
    deleted += n;
    options.onBatch?.(deleted);
    if (n < options.batch) break;
    await sleep(options.pauseMs ?? 0, options.signal);
  }
  return { deleted, batches, elapsedMs: now() - started };
}
