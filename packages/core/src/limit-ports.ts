/**
 * Ports of the limits a task type declares (concurrency and rate, global across all workers): the
 * shared counts (Redis) and the held-back tasks (PostgreSQL). The worker SDK enforces them before
 * its claims (packages/worker/src/limits).
 */

/** Which limit holds a PENDING task back (`tasks.waiting_on`). */
export type LimitKind = "concurrency" | "rate";
export const LIMIT_KINDS: readonly LimitKind[] = ["concurrency", "rate"];

/** Where a limit counts: the type, and the key from the task's input when the limit is keyed. */
export interface LimitScope {
  type: string;
  key: string | null;
}

/** Holders (one per delivery) asking for concurrency slots of one scope; the first ones win. */
export interface SlotRequest extends LimitScope {
  limit: number;
  holders: readonly string[];
}

/** Holders asking for rate tokens of one scope: at most `max` per sliding window of `windowMs`. */
export interface TokenRequest extends LimitScope {
  max: number;
  windowMs: number;
  holders: readonly string[];
}

/** What a token request got: the first `taken` holders; the others wait `waitMs[i]` (in order). */
export interface TokensTaken {
  taken: number;
  waitMs: number[];
}

/**
 * The shared counts, the same for every worker. Every call rejects while the store cannot be
 * reached (a timeout, or its breaker open): the caller then fails closed.
 */
export interface LimitCounter {
  /**
   * Per request, how many of its holders (the first n) now hold a slot (until a lease from now)
   * and, for the others, how long until the earliest slot of the scope lapses unless renewed.
   */
  acquireSlots(requests: readonly SlotRequest[]): Promise<{ taken: number; waitMs: number }[]>;
  /** Extends the slots' expiry to a lease from now (called with every lease renewal). */
  renewSlots(slots: readonly (LimitScope & { holders: readonly string[] })[]): Promise<void>;
  /** Gives the slots back. */
  releaseSlots(slots: readonly (LimitScope & { holders: readonly string[] })[]): Promise<void>;
  /** Free slots of a scope now (`limit` minus the live holders, at least 0). */
  freeSlots(scope: LimitScope, limit: number): Promise<number>;
  takeTokens(requests: readonly TokenRequest[]): Promise<TokensTaken[]>;
  /** True while calls fail fast (the store was found unreachable and has not answered since). */
  readonly unavailable: boolean;
  close(): Promise<void>;
}

/** A PENDING task held back by a limit, due again after `waitMs` unless woken sooner. */
export interface HoldRequest {
  id: number;
  waitingOn: LimitKind;
  concurrencyKey: string | null;
  waitMs: number;
}

/** The held-back tasks in the database (the truth: a held task is PENDING with `waiting_on` set). */
export interface HeldTaskStore {
  /** The stored input (payload text) of those of `ids` that are PENDING or PROCESSING. */
  inputs(ids: readonly number[]): Promise<{ id: number; payload: string }[]>;
  /**
   * Holds back those of `requests` still PENDING, in one statement: `waiting_on`, `concurrency_key`,
   * unpublished, due after `waitMs` (attempts untouched). Returns the ids held.
   */
  hold(requests: readonly HoldRequest[]): Promise<number[]>;
  /**
   * Makes up to `count` tasks held by the concurrency limit of `scope` due now (highest priority
   * first, then oldest), skipping rows others have locked. Returns how many.
   */
  wake(scope: LimitScope, count: number): Promise<number>;
  /** PENDING tasks held back now, per type and limit. */
  waiting(): Promise<{ type: string; limit: LimitKind; count: number }[]>;
}
