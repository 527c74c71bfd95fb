import type { Log } from "@tps/core";
import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen } from "cockatiel";
import { ReplyError } from "ioredis";

export interface RedisBreakerOptions {
  /** Named in the logs ("redis", "rate limits' redis"). */
  name: string;
  /** One cheap round trip (a PING), bounded by the client's command timeout: the only call made while open. */
  probe(): Promise<unknown>;
  /** How long the breaker stays open before the next probe; 1 s by default. */
  probeAfterMs?: number;
  /** Rejections that are answers, not failures (default: Redis' error replies). */
  isAnswer?(error: unknown): boolean;
  /** Told once per outage when it opens, and when a probe closes it again. */
  onOpen?(): void;
  onClose?(): void;
  log: Log;
}

export interface RedisBreaker {
  /**
   * Runs `call` while Redis answers. While the breaker is open (or a probe is out), rejects at once
   * with a BrokenCircuitError and makes no Redis call.
   */
  run<T>(call: () => Promise<T>): Promise<T>;
  /** True from a failed call until a probe succeeds. */
  readonly open: boolean;
  /** Stops probing (the client is being closed). */
  close(): void;
}

/**
 * A circuit breaker in front of one Redis client (cockatiel). A hung Redis costs each caller its
 * command timeout; behind the breaker it costs that once: the first timeout or connection failure
 * opens it, callers then fail fast (they all treat Redis as an accelerator with a fallback), and a
 * background probe, not a caller, half-opens it every `probeAfterMs` and closes it when Redis
 * answers. Callers never become the probe because cockatiel's half-open state makes every other
 * call wait for the probe's outcome, which would be the timeout again.
 * Redis' own error replies (a wrong type, a script error) are answers, so they do not open it.
 */
export function createRedisBreaker({
  name,
  probe,
  probeAfterMs = 1_000,
  isAnswer = (error) => error instanceof ReplyError,
  onOpen,
  onClose,
  log,
}: RedisBreakerOptions): RedisBreaker {
  const policy = circuitBreaker(
    handleWhen((error) => !isAnswer(error)),
    { halfOpenAfter: probeAfterMs, breaker: new ConsecutiveBreaker(1) },
  );
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  let outage = false; // a failed probe opens it again: one log line per outage, not per probe

  const scheduleProbe = () => {
    if (closed || timer) return;
    // A few ms past the half-open time: the probe must not find the breaker still open.
    timer = setTimeout(() => {
      timer = null;
      policy.execute(probe).then(
        () => {},
        () => scheduleProbe(),
      );
    }, probeAfterMs + 10);
    timer.unref();
  };
  policy.onBreak(() => {
    if (!outage) {
      log.warn({ probeAfterMs }, `${name}: circuit open, calls fail fast until a probe answers`);
      onOpen?.();
    }
    outage = true;
    scheduleProbe();
  });
  policy.onReset(() => {
    outage = false;
    log.info({}, `${name}: answered a probe, circuit closed`);
    onClose?.();
  });

  return {
    run(call) {
      if (policy.state !== CircuitState.Closed) return Promise.reject(new BrokenCircuitError());
      return policy.execute(call);
    },
    get open() {
      return policy.state !== CircuitState.Closed;
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
