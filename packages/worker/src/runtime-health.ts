import type { ProcessingState } from "@tps/core";
import { describeError } from "@tps/infra";
import type { AmqpConsumer } from "./amqp-consumer";

/** What the runtime's health answer is read from. */
export interface HealthSources {
  /** One cheap statement (`SELECT 1`). */
  queryDatabase(): Promise<unknown>;
  /** The task types, in the order of `consumers()`. */
  types: readonly string[];
  /** One consumer per type, in the order of `types` (read at call time: started after this). */
  consumers(): readonly Pick<AmqpConsumer, "consuming">[];
  pingRedis(): Promise<boolean>;
  processing(): ProcessingState;
  inFlight(): number;
}

/**
 * The worker's health: PostgreSQL and every type's queue must answer for `ok`; Redis only speeds up
 * cancels and a pause is on purpose, so neither fails it (both are reported).
 */
export function createHealthCheck(sources: HealthSources) {
  return async function health() {
    const postgres = await sources.queryDatabase().then(
      () => "ok",
      (e: unknown) => `error: ${describeError(e)}`,
    );
    const consumers = sources.consumers();
    const down = sources.types.filter((_, i) => !consumers[i]!.consuming());
    const rabbitmq =
      down.length === 0
        ? "ok"
        : `error: not consuming ${down.join(", ")} (reconnecting or reopening the channel)`;
    // Redis only speeds up cancels: without it the worker still works, so it does not fail health.
    const redis = (await sources.pingRedis())
      ? "ok"
      : "degraded: unreachable (cancels fall back to lease renewal)";
    // Paused on purpose is healthy: it says so, with who paused it.
    const { paused, by, at, reason } = sources.processing();
    return {
      ok: postgres === "ok" && rabbitmq === "ok",
      postgres,
      rabbitmq,
      redis,
      processing: paused ? { paused, by, at, reason } : "running",
      inFlight: sources.inFlight(),
      types: sources.types,
    };
  };
}
