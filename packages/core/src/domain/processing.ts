/**
 * The processing switch: an admin pauses every consumer (they stop claiming, finish what runs) and
 * resumes them. One state for the whole system, kept in storage.
 */
export interface ProcessingState {
  paused: boolean;
  /** Who made the change in force (the pauser while paused), or null when it was never changed. */
  by: string | null;
  /** When that change was made (ISO), or null when it was never changed. */
  at: string | null;
  /** The pauser's reason, while paused; null otherwise. */
  reason: string | null;
}

/** A reason is a short note for the banner, not a log. */
export const PAUSE_REASON_MAX = 200;

export const RUNNING: ProcessingState = { paused: false, by: null, at: null, reason: null };

/** Pausing while paused keeps the first pauser, time and reason (idempotent). */
export function applyPause(
  state: ProcessingState,
  actor: string,
  reason: string | null,
  at: string,
): ProcessingState {
  if (state.paused) return state;
  return { paused: true, by: actor, at, reason: reason?.trim() || null };
}

/** Resuming while running changes nothing. */
export function applyResume(state: ProcessingState, actor: string, at: string): ProcessingState {
  if (!state.paused) return state;
  return { paused: false, by: actor, at, reason: null };
}
