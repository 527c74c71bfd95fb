import type { ListQuery, Task, TaskCounts, TaskPage } from "./domain/task";

/** Structured logger (pino's call shape): context object first, message second. */
export interface Log {
  info(context: object, message: string): void;
  warn(context: object, message: string): void;
  error(context: object, message: string): void;
}

/** What the API needs from storage. Every status change is conditional on the state machine. */
export interface TaskRepository {
  /** Inserts the tasks in one statement, unpublished. */
  insertMany(payloads: readonly string[]): Promise<Task[]>;
  markPublished(ids: readonly number[]): Promise<void>;
  findById(id: number): Promise<Task | null>;
  list(query: ListQuery): Promise<TaskPage>;
  countByStatus(): Promise<TaskCounts>;
  /** PENDING|PROCESSING → CANCELED; null when the task is missing or not cancellable. */
  cancel(id: number): Promise<Task | null>;
  /** FAILED → PENDING with attempts reset; null when the task is missing or not FAILED. */
  requeue(id: number): Promise<Task | null>;
}

/** Publishes task messages; resolves only after the broker has confirmed every one. */
export interface TaskPublisher {
  publish(ids: readonly number[]): Promise<void>;
}

/** The fast path of cancel: a flag the consumer checks and a signal that aborts running work. */
export interface CancelSignal {
  announce(id: number): Promise<void>;
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
  | { id: number; outcome: "retry"; error: string; availableAt: Date }
  | { id: number; outcome: "fail"; error: string }
  | { id: number; outcome: "release" };

export interface SettledTask {
  id: number;
  outcome: Settlement["outcome"];
  finishedAt: Date | null;
}

/** What the consumer needs from storage: batch claims, batch settles and lease upkeep. */
export interface WorkStore {
  /** Claims the PENDING (or lease-expired PROCESSING) tasks among `ids` in one statement. */
  claim(ids: readonly number[], owner: string, leaseMs: number): Promise<ClaimedTask[]>;
  /** Writes outcomes in one statement, only for tasks still PROCESSING under `owner`. */
  settle(settlements: readonly Settlement[], owner: string): Promise<SettledTask[]>;
  /** Extends the leases of `ids` held by `owner`; returns the ids it still holds. */
  renewLeases(ids: readonly number[], owner: string, leaseMs: number): Promise<number[]>;
  /** Of `ids`, those that exist at all (to tell stale duplicates from unknown ids). */
  existingIds(ids: readonly number[]): Promise<number[]>;
  /** PROCESSING tasks whose lease lapsed (crashed consumer) go back to PENDING, or FAILED when out of attempts. */
  recoverExpiredLeases(limit: number): Promise<{ requeued: number; failed: number }>;
  /**
   * Publishes PENDING tasks that are due and not yet published (publish failed, retry backoff over),
   * skipping rows another reconciler holds. Returns how many were published.
   */
  publishDue(limit: number, graceMs: number, publish: (ids: number[]) => Promise<void>): Promise<number>;
}
