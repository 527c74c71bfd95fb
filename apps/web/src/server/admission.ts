/**
 * How many API requests this process works on at once. Past `max`, a request is answered at once
 * (503 with Retry-After) instead of queueing behind a busy database pool: an open loop beyond
 * capacity would otherwise make every request slow, then time out. Long-lived streams (the
 * `onChange` subscription) do not take a place. `max` 0 admits everything.
 */
export interface Admission {
  /** Takes a place; false when all are taken (answer "busy"). Every true must be followed by `leave`. */
  enter(): boolean;
  leave(): void;
  readonly inFlight: number;
}

export function createAdmission(max: number, onShed: () => void = () => {}): Admission {
  let inFlight = 0;
  return {
    enter() {
      if (max > 0 && inFlight >= max) {
        onShed();
        return false;
      }
      inFlight++;
      return true;
    },
    leave() {
      inFlight = Math.max(0, inFlight - 1);
    },
    get inFlight() {
      return inFlight;
    },
  };
}

/** Seconds a refused caller is asked to wait: the typed client and most HTTP clients honour it. */
export const BUSY_RETRY_AFTER_SECONDS = 1;
export const BUSY_MESSAGE = "server busy: too many requests in flight, retry shortly";

/** Runs `handle` in an admitted place, or answers `busy()` at once when none is free. */
export async function admitted(
  admission: Admission,
  handle: () => Promise<Response>,
  busy: () => Response,
): Promise<Response> {
  if (!admission.enter()) return busy();
  try {
    return await handle();
  } finally {
    admission.leave();
  }
}
