import type { TaskStatus } from "../../domain/task-state";
import type { TaskRepository, WorkStore } from "../../ports";

/** A task's state, set directly for a contract case (bypassing the state machine on purpose). */
export interface ForcedState {
  status: TaskStatus;
  /** The consumer holding the lease (PROCESSING), or null. */
  leaseOwner?: string | null;
  /** The token of that lease (a UUID), which settles and renewals must present. */
  leaseToken?: string | null;
  /** Whether that lease has already lapsed: a minute ago, past the grace the contract cases give owners. */
  leaseLapsed?: boolean;
  attempts?: number;
  /** How long until the task is due (its next attempt may start); due a second ago when absent. */
  dueInMs?: number;
  /** How long until it expires (negative: expired that long ago); it keeps its expiry when absent. */
  expiresInMs?: number;
}

/** One storage implementation under the shared contract: the in-memory fake or PostgreSQL. */
export interface StorageHarness {
  repo: TaskRepository;
  work: WorkStore;
  force(id: number, state: ForcedState): Promise<void>;
  /** Announces a live worker serving `types` (its heartbeat), as a worker's start does. */
  workerOnline(types: readonly string[]): Promise<void>;
  /** Gives a task an idempotency key without a scope, as keys were stored before scopes existed. */
  legacyKey(id: number, key: string): Promise<void>;
  /** Waits until the store's clock has moved on by at least `ms`. */
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}
