import type { Log } from "@tps/core";

/** One named step of a shutdown. */
export type ShutdownStep = [name: string, run: () => Promise<unknown>];

/**
 * An idempotent stop: the first call runs the steps in order, each guarded (a failure is logged and
 * the next step still runs, so one broken connection never leaves the others open); later calls get
 * the same promise.
 */
export function sequentialShutdown(steps: () => readonly ShutdownStep[], log: Log): () => Promise<void> {
  let stopping: Promise<void> | null = null;
  return () => {
    stopping ??= (async () => {
      for (const [name, step] of steps()) {
        await step().catch((err: unknown) => log.error({ err }, `shutdown step failed: ${name}`));
      }
    })();
    return stopping;
  };
}
