import type { LeaseLapsePolicy } from "@tps/core";
import type { AnyTaskDefinition } from "./define-task";
import { DEFAULT_MAX_BACKOFF_MS } from "./registration";
import type { WorkerSettings } from "./settings";
import type { WorkerConfig, WorkerDeps } from "./worker-loop";

/** The batch loop's configuration from the worker's validated settings. */
export function loopConfigOf(settings: WorkerSettings, leaseLapse: LeaseLapsePolicy): WorkerConfig {
  return {
    owner: settings.CONSUMER_ID,
    leaseMs: settings.LEASE_MS,
    leaseLapse,
    batchSize: settings.BATCH_SIZE,
    batchWindowMs: settings.BATCH_WINDOW_MS,
    backoffBaseMs: settings.RETRY_BASE_MS,
    shutdownGraceMs: settings.SHUTDOWN_GRACE_MS,
  };
}

/**
 * The retry backoff of a type whose definition declares a retry policy (its own base and cap, else
 * the settings' base and the default cap); undefined for the others, which keep the loop's default.
 */
export function backoffOfDefinitions(
  definitions: readonly AnyTaskDefinition[],
  settings: WorkerSettings,
): NonNullable<WorkerDeps["backoffOf"]> {
  const byType = new Map(definitions.map((d) => [d.type, d]));
  return (type) => {
    const retry = byType.get(type)?.retry;
    return (
      retry && {
        baseMs: retry.backoffMs ?? settings.RETRY_BASE_MS,
        maxMs: retry.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS,
      }
    );
  };
}
