import type { AuditQuery } from "./domain/audit-query";
import type { CursorPosition } from "./domain/cursor";
import type {
  DeadLetter,
  DeadLetterPage,
  DeadLetterSelection,
  PurgeResult,
  RedriveResult,
} from "./domain/dead-letter";
import type { ProcessingState } from "./domain/processing";
import type { NewTask, Task, TaskCounts, TaskFilter, TaskSort, TimelineEntry } from "./domain/task";
import type { LeaseLapsePolicy, TaskStatus } from "./domain/task-state";
import type { InputIssue, TaskProgress, TaskTypeInfo, TaskTypeRegistration } from "./domain/task-type";
import type { ScheduleStore } from "./schedule-ports";
import type { TaskIntake } from "./use-cases/task-intake";

/** Structured logger (pino's call shape): context object first, message second. */
export interface Log {
  info(context: object, message: string): void;
  warn(context: object, message: string): void;
  error(context: object, message: string): void;
}

/** The ports the API's use cases run on; the web app's composition root wires them. */
export interface ApiPorts {
  repo: TaskRepository;
  publisher: TaskPublisher;
  /** Where creates go: concurrent calls share one insert and one publish (createTaskIntake). */
  intake: TaskIntake;
  cancelSignal: CancelSignal;
  consumers: ConsumerDirectory;
  queue: QueueProbe;
  changes: ChangeFeed;
  /** Whether consumers may claim work (admins pause and resume it). */
  processing: ProcessingControl;
  log: Log;
  /** The dead-letter queue; absent, the dead-letter procedures answer UNAVAILABLE. */
  deadLetters?: DeadLetterQueue;
  /** The registered task types: creates are checked against them. */
  types: TaskTypeCatalog;
  /** Cron schedules; absent, the schedule procedures answer UNAVAILABLE. */
  schedules?: ScheduleStore;
}

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

export interface ConsumerInfo {
  id: string;
  hostname: string;
  startedAt: string;
  lastSeenAt: string;
  inFlight: number;
  prefetch: number;
  /** The tasks it is running now (PROCESSING under its lease), longest-running first, at most 10. */
  runningTaskIds: number[];
}

/** Consumers announce themselves; the console shows the live ones. */
export interface ConsumerDirectory {
  /** Consumers seen within the last `withinMs`. */
  live(withinMs: number): Promise<ConsumerInfo[]>;
}

/** One row of the audit log: who called which mutation, about what, and how it ended. */
export interface AuditRecord {
  actorId: string;
  actor: string;
  via: "session" | "apiKey";
  procedure: string;
  target: string | null;
  outcome: string;
}

export interface AuditEntry extends AuditRecord {
  id: string;
  at: string;
}

/** Append-only record of every mutation; listed newest first. */
export interface AuditLog {
  /** Resolves once the entry is stored. */
  record(entry: AuditRecord): Promise<void>;
  /** Resolves once every entry recorded so far is stored (or failed): before shutting down. */
  flush(): Promise<void>;
  /** Entries matching the query's filter and older than `before` (an entry id), newest first. */
  list(query: AuditQuery): Promise<AuditEntry[]>;
}

/** Messages ready in the task queue, or null when the broker cannot be asked. */
export interface QueueProbe {
  depth(): Promise<number | null>;
}

/** Fires (coalesced) whenever tasks change; `subscribe` returns the unsubscribe function. */
export interface ChangeFeed {
  subscribe(listener: () => void): () => void;
}

/** A task as its message needs it: the id, and the type and priority that pick the queue. */
export interface TaskRef {
  id: number;
  type: string;
  /** 0-9; 0 (or absent) goes to the type's queue, higher to its priority lane. */
  priority?: number;
}

/** Publishes task messages (each to its type's queue); resolves only after the broker confirmed every one. */
export interface TaskPublisher {
  publish(tasks: readonly TaskRef[]): Promise<void>;
}

/** The rules of one registered type, as the API applies them to a create. */
export interface TypeRules {
  maxAttempts: number;
  /** Null when `input` matches the type's input schema, else what is wrong with it. */
  check(input: unknown): InputIssue[] | null;
}

/** The task types workers registered (cached by the adapter; `refresh` reads them anew). */
export interface TaskTypeCatalog {
  /** The rules of every registered type, by name. */
  rules(options?: { refresh?: boolean }): Promise<ReadonlyMap<string, TypeRules>>;
  /** Every registered type with its workers online, counts and durations. */
  list(): Promise<TaskTypeInfo[]>;
}

/** Where workers register their types and heartbeat (see TaskTypeCatalog for the API's side). */
export interface TaskTypeRegistry {
  register(worker: string, types: readonly TaskTypeRegistration[]): Promise<void>;
}

/** The fast path of cancel: a flag the consumer checks and a signal that aborts running work. */
export interface CancelSignal {
  announce(ids: readonly number[]): Promise<void>;
}

export interface ClaimedTask {
  id: number;
  type: string;
  payload: string;
  attempts: number;
  maxAttempts: number;
  createdAt: Date;
  startedAt: Date;
  /** Fresh per claim (generated by the database): renewals and the settle of this attempt present it. */
  leaseToken: string;
  /** True when this claim took over a lapsed lease (a lease loss, counted apart from failures). */
  takenOver?: boolean;
}

/** One attempt's lease: the task and the token its claim wrote. */
export interface LeaseRef {
  id: number;
  leaseToken: string;
}

export type Settlement = LeaseRef &
  /** `output`: the work's return value as JSON text, or null when it returned nothing. */
  (
    | { outcome: "complete"; output?: string | null }
    /** Due again `delayMs` after the settle, on the database's clock (never the consumer's). */
    | { outcome: "backoff"; error: string; delayMs: number }
    | { outcome: "fail"; error: string }
    | { outcome: "release" }
  );

/** What became of one settlement: written, or refused by the conditional write (and why). */
export interface SettledTask {
  id: number;
  leaseToken: string;
  /** The outcome written, or null when the attempt no longer held the lease. */
  outcome: Settlement["outcome"] | null;
  /** Refused because the task was cancelled (otherwise the lease was lost: reaped or taken over). */
  canceled: boolean;
  finishedAt: Date | null;
}

/** One attempt's latest progress. */
export interface ProgressUpdate extends LeaseRef, TaskProgress {}

/** Whether an attempt still holds its lease after a renewal. */
export interface LeaseStatus {
  leaseToken: string;
  held: boolean;
  /** Not held because the task was cancelled. */
  canceled: boolean;
  /** When it was cancelled (for the cancel-latency metric when no signal arrived first). */
  canceledAt: Date | null;
}

/** What operators alert on (every consumer reports it; alerts take the max). */
export interface Backlog {
  /** Seconds the longest-waiting due PENDING task has been due, or null when none is. */
  oldestPendingAgeSeconds: number | null;
  /** PROCESSING tasks whose lease lapsed: the reconciler should bring this back to 0 within a pass. */
  processingPastLease: number;
  /** PENDING tasks due more than a second ago, not started and not held back by a limit. */
  dueNotStarted: number;
}

/** What the consumer needs from storage: batch claims, batch settles and lease upkeep. */
export interface WorkStore {
  /**
   * Claims, in one statement, those of `ids` that are PENDING and due (not waiting out a retry
   * backoff), or PROCESSING under a lease lapsed for longer than `lapse.graceMs` with lease losses
   * left (a takeover: the lost attempt is given back and the loss counted, see LeaseLapsePolicy).
   * `lapse` null: no takeovers (the caller is just back from an outage: owners settle first).
   */
  claim(
    ids: readonly number[],
    owner: string,
    leaseMs: number,
    lapse?: LeaseLapsePolicy | null,
    /**
     * Tasks of `ids` found past their `expiresAt` are not claimed but expired (PENDING → CANCELED,
     * "expired") in the same statement and reported here (their messages are then acked).
     */
    onExpired?: (expired: readonly TaskRef[]) => void,
  ): Promise<ClaimedTask[]>;
  /**
   * Writes outcomes in one statement, only for tasks still PROCESSING under the settlement's lease
   * token (fencing: an attempt that lost its lease cannot settle). One result per settlement.
   */
  settle(settlements: readonly Settlement[], owner: string): Promise<SettledTask[]>;
  /**
   * Extends the leases still held under these tokens (those past a third of their term); one status
   * per lease, read in the same statement.
   */
  renewLeases(leases: readonly LeaseRef[], owner: string, leaseMs: number): Promise<LeaseStatus[]>;
  /**
   * Stores the latest progress of running attempts in one statement, fenced like a renewal: an
   * attempt that no longer holds its lease writes nothing.
   */
  recordProgress(updates: readonly ProgressUpdate[], owner: string): Promise<void>;
  /** Of `ids`, those that exist at all (to tell stale duplicates from unknown ids). */
  existingIds(ids: readonly number[]): Promise<number[]>;
  /**
   * PROCESSING tasks whose lease lapsed more than `lapse.graceMs` ago (crashed consumer, outage)
   * are released to PENDING with their attempt given back and the loss counted, or FAILED on their
   * `lapse.maxLosses`-th loss. DEFAULT_LEASE_LAPSE when not given.
   */
  recoverExpiredLeases(
    limit: number,
    lapse?: LeaseLapsePolicy,
  ): Promise<{ released: number; failed: number }>;
  /**
   * Marks PENDING tasks published more than `olderThanMs` ago as unpublished again, so publishDue
   * sends them anew: their messages may have been lost (a duplicate is harmless). Only tasks of
   * types some live worker serves: the others' messages wait in their queues.
   */
  unpublishStale(olderThanMs: number, limit: number): Promise<number>;
  /**
   * Publishes PENDING tasks that are due and not yet published (publish failed, retry backoff over),
   * skipping rows another reconciler holds. Never-started tasks wait `graceMs` first, leaving the
   * API's own publish time to land. Returns how many were published.
   */
  publishDue(limit: number, graceMs: number, publish: (tasks: TaskRef[]) => Promise<void>): Promise<number>;
  /** Two indexed reads for the alerts: the oldest due PENDING task, and lapsed PROCESSING leases. */
  backlog(): Promise<Backlog>;
  /**
   * Expires up to `limit` PENDING tasks past their `expiresAt` that no claim saw (delayed, held,
   * unpublished), skipping rows another writer holds: PENDING → CANCELED with "expired".
   */
  expireDue(limit: number): Promise<TaskRef[]>;
  /**
   * Milliseconds until the next unpublished PENDING task becomes due for publishDue (with the same
   * `graceMs`), 0 when one is due now, null when none waits.
   */
  nextPublishInMs(graceMs: number): Promise<number | null>;
}

/**
 * The processing switch (one row in storage). `pause` while paused and `resume` while running
 * change nothing and return the state in force; every call returns the state after it.
 */
export interface ProcessingControl {
  status(): Promise<ProcessingState>;
  pause(actor: string, reason?: string | null): Promise<ProcessingState>;
  resume(actor: string): Promise<ProcessingState>;
}

/**
 * The dead-letter queue, as the console sees it. Keys come from `list`. Every action handles at most
 * MAX_DEAD_LETTERS_PER_CALL messages, and with `all` only those already in the queue when it starts
 * (a redriven message that dies again is not picked up twice). Throws DependencyUnavailableError
 * when the broker cannot be reached in time.
 */
export interface DeadLetterQueue {
  /** Up to `limit` messages from the head of the queue, left in it. */
  list(limit: number): Promise<DeadLetterPage>;
  /**
   * Publishes the selected messages back to the work queue (confirmed), then removes them. Those
   * whose keys `drop` returns (given the selected letters) are removed without publishing.
   */
  redrive(
    selection: DeadLetterSelection,
    drop: (letters: readonly DeadLetter[]) => Promise<ReadonlySet<string>>,
  ): Promise<RedriveResult>;
  /** Removes the selected messages for good. */
  purge(selection: DeadLetterSelection): Promise<PurgeResult>;
}
