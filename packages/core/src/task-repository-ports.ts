import type { CursorPosition } from "./domain/cursor";
import type { NewTask, Task, TaskCounts, TaskFilter, TaskSort, TimelineEntry } from "./domain/task";
import type { TaskStatus } from "./domain/task-state";

/** What the API needs from storage. Every status change is conditional on the state machine. */
export interface TaskRepository {
  /**
   * Inserts the tasks in one statement, marked as published (`publishedAt`, a 'published' step):
   * the caller sends their messages next and calls `unmarkPublished` if sending fails. Marking
   * first, as the reconciler does, spares a second write per task; a crash before the send leaves a
   * mark that the reconciler's stale-publish rule sends again (STALE_PUBLISH_MS).
   */
  insertMany(items: readonly (string | NewTask)[]): Promise<Task[]>;
  /**
   * Inserts the tasks, marked as `insertMany` does, except those whose key (in its scope) names a
   * task created less than `windowMs` ago (default IDEMPOTENCY_WINDOW_MS), also one of this call:
   * that task is returned, `created: false`, when the item has its type and input (differenceOf),
   * else the call throws IdempotencyConflictError and inserts nothing. An older task gives its key up.
   * A key stored without a scope (before scopes) is every scope's within its window. One create per
   * key under concurrent calls. One result per item, in input order.
   */
  insertIdempotent(
    items: readonly NewTask[],
    options?: { windowMs?: number },
  ): Promise<{ task: Task; created: boolean }[]>;
  /**
   * Takes back the publish mark of tasks whose messages could not be sent, only where the mark is
   * still the one given (PENDING, same `publishedAt`): they become unpublished, for the reconciler
   * to send, and lose that 'published' step. A task claimed (or re-marked) since is left alone.
   */
  unmarkPublished(marks: readonly PublishMark[]): Promise<void>;
  findById(id: number): Promise<Task | null>;
  /** One page in `sort` order, starting after `after`; asks for one row more to know if more follow. */
  list(criteria: ListCriteria): Promise<{ items: Task[]; next: CursorPosition | null }>;
  /** Counts per status of the tasks matching `filter` (all tasks when empty). */
  countByStatus(filter?: TaskFilter): Promise<TaskCounts>;
  /** Ids of up to `limit` tasks matching `filter` whose status is one of `statuses`, oldest first. */
  findIds(filter: TaskFilter, statuses: readonly TaskStatus[], limit: number): Promise<number[]>;
  /**
   * PENDING|PROCESSING → CANCELED for those of `ids` that allow it; returns the changed tasks.
   * `actor` (who asked) is written on the timeline.
   */
  cancel(ids: readonly number[], actor?: string | null): Promise<Task[]>;
  /**
   * FAILED → PENDING with attempts reset, for those of `ids` that allow it, marked as published
   * (see `insertMany`); returns the changed tasks.
   */
  retry(ids: readonly number[], actor?: string | null): Promise<Task[]>;
  /**
   * PENDING → PENDING due now, for those of `ids` waiting out a backoff (next attempt still ahead),
   * marked as published again (see `insertMany`); returns the changed tasks.
   */
  retryNow(ids: readonly number[], actor?: string | null): Promise<Task[]>;
  events(id: number): Promise<TimelineEntry[]>;
  /**
   * Retention: deletes, with their timelines, up to `limit` tasks in one of `statuses` (all terminal)
   * that finished before `finishedBefore`, oldest finished first, skipping rows another writer holds.
   * One bounded statement; returns how many it deleted (fewer than `limit`: none are left for now).
   */
  purgeFinished(criteria: PurgeCriteria): Promise<number>;
  /** Deletes, with their timelines, those of `ids` that are finished (terminal); returns their ids. */
  deleteFinished(ids: readonly number[]): Promise<number[]>;
  /** Finished tasks per time bucket, and end-to-end latency percentiles, over the recent window. */
  activity(windowMinutes: number, bucketSeconds: number): Promise<Activity>;
}

/** Which finished tasks one retention batch deletes. */
export interface PurgeCriteria {
  finishedBefore: Date;
  /** Terminal statuses only (the use case checks). */
  statuses: readonly TaskStatus[];
  limit: number;
}

/** A task's publish mark: set by the insert or retry that queued it, before its message is sent. */
export interface PublishMark {
  id: number;
  publishedAt: string;
}

export interface ListCriteria {
  filter: TaskFilter;
  sort: TaskSort;
  after: CursorPosition | null;
  limit: number;
}

export interface ActivityBucket {
  /** Start of the bucket (ISO). */
  at: string;
  completed: number;
  canceled: number;
  failed: number;
  created: number;
}

export interface Activity {
  buckets: ActivityBucket[];
  /** Created → completed, seconds, over the window; null without completed tasks. */
  latency: { p50: number | null; p95: number | null; completed: number };
}
