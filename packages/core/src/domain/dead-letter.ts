/**
 * A message the broker set aside in the dead-letter queue (`<queue>.dead`): malformed, for an
 * unknown task, poison for the claim, or over the work queue's delivery limit.
 */
export interface DeadLetter {
  /** Stable while the message stays dead: its message id, else a hash of body and first death. */
  key: string;
  /** The body as UTF-8 text, cut at MAX_DEAD_LETTER_BODY characters (`bodyBytes` tells the size). */
  body: string;
  bodyBytes: number;
  /** The task the body names, when it is a valid task message. */
  taskId: number | null;
  /** Why it died the last time (`rejected`, `delivery_limit`, `expired`, `maxlen`), when known. */
  reason: string | null;
  /** How many times it was dead-lettered (from `x-death`). */
  deathCount: number;
  firstDeathAt: string | null;
  lastDeathAt: string | null;
}

/** The head of the dead-letter queue, and how many messages it holds in all (null: unknown). */
export interface DeadLetterPage {
  items: DeadLetter[];
  depth: number | null;
}

/**
 * Which dead letters an action is for: some, by key, or all. A redrive of all handles only those in
 * the queue when it starts; a purge of all empties the queue.
 */
export type DeadLetterSelection = { keys: readonly string[] } | { all: true };

export interface RedriveResult {
  /** Published back to the work queue (confirmed) and removed from the dead-letter queue. */
  redriven: number;
  /** Removed without publishing, because their task is already finished. */
  dropped: number;
  /** Selected keys not found in the dead-letter queue (redriven or purged meanwhile). */
  missing: number;
}

export interface PurgeResult {
  purged: number;
  missing: number;
}

/** Bodies longer than this are cut in listings (a task message is a few bytes). */
export const MAX_DEAD_LETTER_BODY = 4_096;
/** At most this many messages are listed or handled per call (they are held unacked meanwhile). */
export const MAX_DEAD_LETTERS_PER_CALL = 1_000;
/** At most this many keys in one redrive or purge. */
export const MAX_DEAD_LETTER_KEYS = 500;
