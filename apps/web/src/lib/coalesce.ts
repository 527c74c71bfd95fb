/**
 * Wraps an async job so that calls while it runs do not start overlapping runs: they are folded
 * into one more run after the current one (the latest state is always fetched, never a stale one).
 */
export function coalesce(job: () => Promise<unknown>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  const run = async (): Promise<void> => {
    do {
      again = false;
      try {
        await job();
      } catch {
        // The job reports its own errors; a failure must not stop later runs.
      }
    } while (again);
    running = null;
  };
  return () => {
    if (running !== null) {
      again = true;
      return running;
    }
    running = run();
    return running;
  };
}
