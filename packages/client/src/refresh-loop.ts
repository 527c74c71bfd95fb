/** A stream of "something changed" ticks, such as the `tasks.onChange` subscription. */
export interface ChangeSource {
  /** Starts listening; returns a function that stops. `onError` means no more ticks will come. */
  subscribe(onTick: () => void, onError: (error: unknown) => void): () => void;
}

/**
 * Runs `refresh` at once, on every tick of `changes`, and after `pollMs` without one: the poll
 * covers a subscription that failed, never connected or missed a change. Refreshes never overlap;
 * ticks that arrive during one are folded into one more. `refresh` reports its own errors.
 * Returns a function that stops everything.
 */
export function startRefreshLoop(changes: ChangeSource, refresh: () => Promise<void>, pollMs: number) {
  let running = false;
  let again = false;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const run = async (): Promise<void> => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    clearTimeout(timer);
    try {
      await refresh();
    } catch {
      // refresh reports its own errors; the next tick or poll tries again
    } finally {
      running = false;
    }
    if (stopped) return;
    if (again) {
      again = false;
      return run();
    }
    timer = setTimeout(() => void run(), pollMs);
  };

  let unsubscribe: (() => void) | null = changes.subscribe(
    () => void run(),
    () => {
      unsubscribe = null; // polling carries on alone
    },
  );
  void run();
  return () => {
    stopped = true;
    clearTimeout(timer);
    unsubscribe?.();
  };
}
