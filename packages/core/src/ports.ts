import type { CursorPosition } from "./domain/cursor";
import type { Task, TaskCounts, TaskFilter, TaskSort, TimelineEntry } from "./domain/task";
import type { TaskStatus } from "./domain/task-state";

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
  cancelSignal: CancelSignal;
  consumers: ConsumerDirectory;
  queue: QueueProbe;
  changes: ChangeFeed;
  log: Log;
}

/** What the API needs from storage. Every status change is conditional on the state machine. */
export interface TaskRepository {
  /** Inserts the tasks in one statement, unpublished. */
  insertMany(payloads: readonly string[]): Promise<Task[]>;
  markPublished(ids: readonly number[]): Promise<void>;
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
  /** FAILED → PENDING with attempts reset, for those of `ids` that allow it; returns the changed tasks. */
  retry(ids: readonly number[], actor?: string | null): Promise<Task[]>;
  events(id: number): Promise<TimelineEntry[]>;
  /** Finished tasks per time bucket, and end-to-end latency percentiles, over the recent window. */
  activity(windowMinutes: number, bucketSeconds: number): Promise<Activity>;
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
  record(entry: AuditRecord): Promise<void>;
  /** Entries older than `before` (an entry id), newest first. */
  list(query: { before?: string | null; limit: number }): Promise<AuditEntry[]>;
}

/** Messages ready in the task queue, or null when the broker cannot be asked. */
export interface QueueProbe {
  depth(): Promise<number | null>;
}

/** Fires (coalesced) whenever tasks change; `subscribe` returns the unsubscribe function. */
export interface ChangeFeed {
  subscribe(listener: () => void): () => void;
}

/** Publishes task messages; resolves only after the broker has confirmed every one. */
export interface TaskPublisher {
  publish(ids: readonly number[]): Promise<void>;
}

/** The fast path of cancel: a flag the consumer checks and a signal that aborts running work. */
export interface CancelSignal {
  announce(ids: readonly number[]): Promise<void>;
}

export interface ClaimedTask {
  id: number;
  payload: string;
  attempts: number;
  maxAttempts: number;
  createdAt: Date;
  startedAt: Date;
}

export type Settlement =
  | { id: number; outcome: "complete" }
  | { id: number; outcome: "backoff"; error: string; availableAt: Date }
  | { id: number; outcome: "fail"; error: string }
  | { id: number; outcome: "release" };

export interface SettledTask {
  id: number;
  outcome: Settlement["outcome"];
  finishedAt: Date | null;
}

/** What the consumer needs from storage: batch claims, batch settles and lease upkeep. */
export interface WorkStore {
  /**
   * Claims, in one statement, those of `ids` that are PENDING and due (not waiting out a retry
   * backoff), or PROCESSING under a lapsed lease with attempts left.
   */
  claim(ids: readonly number[], owner: string, leaseMs: number): Promise<ClaimedTask[]>;
  /** Writes outcomes in one statement, only for tasks still PROCESSING under `owner`. */
  settle(settlements: readonly Settlement[], owner: string): Promise<SettledTask[]>;
  /** Extends the leases of `ids` held by `owner` (those past a third of their term); returns the ids it still holds. */
  renewLeases(ids: readonly number[], owner: string, leaseMs: number): Promise<number[]>;
  /** Of `ids`, those that exist at all (to tell stale duplicates from unknown ids). */
  existingIds(ids: readonly number[]): Promise<number[]>;
  /** PROCESSING tasks whose lease lapsed (crashed consumer) are released to PENDING, or FAILED when out of attempts. */
  recoverExpiredLeases(limit: number): Promise<{ released: number; failed: number }>;
  /**
   * Marks PENDING tasks published more than `olderThanMs` ago as unpublished again, so publishDue
   * sends them anew. Only called while the queue is empty: then their messages were lost.
   */
  unpublishStale(olderThanMs: number, limit: number): Promise<number>;
  /**
   * Publishes PENDING tasks that are due and not yet published (publish failed, retry backoff over),
   * skipping rows another reconciler holds. Never-attempted tasks wait `graceMs` first, leaving the
   * API's own publish time to land. Returns how many were published.
   */
  publishDue(limit: number, graceMs: number, publish: (ids: number[]) => Promise<void>): Promise<number>;
}
