import type { Log } from "@tps/core";
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";

/** At most `points` per window of `seconds` (a fixed window that starts with the key's first point). */
export interface Rule {
  points: number;
  seconds: number;
}

/**
 * The commands other shared counters (stream leases) use on the store's connection: named here so
 * the API's declarations (which the typed client bundles) do not depend on ioredis.
 */
export interface SharedRedis {
  eval(script: string, keys: number, ...args: (string | number)[]): Promise<unknown>;
  zrem(key: string, ...members: string[]): Promise<number>;
}

/**
 * Counters shared by every process through Redis (rate-limiter-flexible), each with an in-memory
 * twin used while Redis is down or slow: then each process limits alone. Seconds to wait are whole
 * seconds, at least 1 when anything is refused.
 */
export interface LimitStore {
  /** Adds `cost` to `key`'s count under `rule`: 0 when that stays within it, else seconds to wait. */
  take(name: string, rule: Rule, key: string, cost?: number): Promise<number>;
  /** Seconds until `key` may go on when it has used up `rule` already (without counting), else 0. */
  spent(name: string, rule: Rule, key: string): Promise<number>;
  /** Forgets `key`'s count. */
  reset(name: string, rule: Rule, key: string): Promise<void>;
  /** The shared connection when it can be used now (other shared counters: stream leases), else null. */
  shared(): Promise<SharedRedis | null>;
  /** The Redis key prefix every count of this store sits under. */
  readonly prefix: string;
  close(): Promise<void>;
}

export interface LimitStoreOptions {
  /**
   * Without it, every count lives in this process only. `commandTimeoutMs` (default 500) bounds
   * each Redis call; it is measured on this process's event loop, so a process saturated for
   * longer than that falls back too (measured: once, in a 5,000-create burst that queued answers
   * for seconds), and limits alone until Redis answers again.
   */
  redis?: { url: string; prefix: string; commandTimeoutMs?: number };
  log?: Log;
  /** Told when limits move to this process's memory ("memory") and back to Redis ("redis"). */
  onStore?(store: "redis" | "memory"): void;
}

/** After a failed call, Redis is left alone this long (calls go to memory), then tried again. */
const RETRY_REDIS_MS = 5_000;

export function createLimitStore(options: LimitStoreOptions = {}): LimitStore {
  const { log } = options;
  const prefix = options.redis?.prefix ?? "tps:local:";
  const timeoutMs = options.redis?.commandTimeoutMs ?? 500;
  const redis = options.redis
    ? new Redis(options.redis.url, {
        // Fail fast while disconnected, time out when hung: a limit must never hold a request up.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        commandTimeout: timeoutMs,
        connectTimeout: 2_000,
      })
    : null;
  // The first calls wait (up to the command timeout) for the first connection instead of counting
  // in memory; while reconnecting later, they do not wait.
  let connecting = false;
  let firstConnect: Promise<void> = Promise.resolve();
  const connected = () => (connecting ? firstConnect : undefined);
  if (redis) {
    connecting = true;
    firstConnect = new Promise<void>((resolve) => {
      const events = ["ready", "error", "end"] as const;
      const done = () => {
        clearTimeout(timer);
        for (const event of events) redis.off(event, done);
        connecting = false;
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      for (const event of events) redis.once(event, done);
    });
  }
  // While Redis fails, calls go to the in-memory twins; every RETRY_REDIS_MS one call tries Redis.
  let onMemory = false;
  let retryAt = 0;
  let probing = false;
  let fallbacks = 0;
  redis?.on("error", () => {}); // reported once per outage by fellBack()
  const fellBack = () => {
    fallbacks++;
    retryAt = Date.now() + RETRY_REDIS_MS;
    if (onMemory) return;
    onMemory = true;
    log?.warn({}, "rate limits: Redis unavailable, each process now limits alone (in memory)");
    options.onStore?.("memory");
  };
  const answered = () => {
    if (!onMemory) return;
    onMemory = false;
    log?.info({}, "rate limits: Redis is back, limits are shared again");
    options.onStore?.("redis");
  };

  type Pair = { shared: RateLimiterRedis | null; local: RateLimiterMemory };
  const limiters = new Map<string, Pair>();
  const limiterFor = (name: string, rule: Rule): Pair => {
    const id = `${name}:${rule.points}/${rule.seconds}`;
    let pair = limiters.get(id);
    if (!pair) {
      const opts = { points: rule.points, duration: rule.seconds, keyPrefix: `${prefix}rl:${id}` };
      const local = new RateLimiterMemory(opts);
      const shared = redis
        ? new RateLimiterRedis({
            ...opts,
            storeClient: redis,
            rejectIfRedisNotReady: true,
            insuranceLimiter: new InsuranceLimiter(opts, local, fellBack),
          })
        : null;
      pair = { shared, local };
      limiters.set(id, pair);
    }
    return pair;
  };
  /** Runs `call` on the shared limiter (falling back to memory by itself), or on memory while Redis is out. */
  const run = async <T>(pair: Pair, call: (limiter: RateLimiterMemory | RateLimiterRedis) => Promise<T>) => {
    const { shared } = pair;
    if (!shared || (onMemory && (probing || Date.now() < retryAt))) return call(pair.local);
    await connected();
    probing = onMemory;
    const before = fallbacks;
    const ok = () => fallbacks === before && answered();
    try {
      const result = await call(shared);
      ok();
      return result;
    } catch (error) {
      if (error instanceof RateLimiterRes) ok(); // over the limit: Redis answered
      throw error;
    } finally {
      probing = false;
    }
  };

  return {
    async shared() {
      if (!redis || (onMemory && Date.now() < retryAt)) return null;
      await connected();
      return redis.status === "ready" ? redis : null;
    },
    prefix,
    async take(name, rule, key, cost = 1) {
      if (cost <= 0) return 0;
      try {
        await run(limiterFor(name, rule), (limiter) => limiter.consume(key, Math.ceil(cost)));
        return 0;
      } catch (error) {
        if (error instanceof RateLimiterRes) return secondsOf(error.msBeforeNext);
        log?.error({ err: error }, "rate limits: could not count a call; let through");
        return 0;
      }
    },
    async spent(name, rule, key) {
      const res = await run(limiterFor(name, rule), (limiter) => limiter.get(key)).catch(() => null);
      return res && res.consumedPoints >= rule.points ? secondsOf(res.msBeforeNext) : 0;
    },
    async reset(name, rule, key) {
      const pair = limiterFor(name, rule);
      await Promise.all([run(pair, (limiter) => limiter.delete(key)), pair.local.delete(key)]).catch(
        () => {},
      );
    },
    async close() {
      redis?.disconnect();
    },
  };
}

const secondsOf = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * The in-memory limiter rate-limiter-flexible falls back to when a Redis call fails (its
 * `insuranceLimiter`); it tells the store, which then skips Redis for a while. It counts in the
 * store's own in-memory limiter, so a key's count is the same whichever way the call came.
 */
class InsuranceLimiter extends RateLimiterMemory {
  readonly #target: RateLimiterMemory;
  readonly #onUse: () => void;
  constructor(opts: { points: number; duration: number }, target: RateLimiterMemory, onUse: () => void) {
    super(opts);
    this.#target = target;
    this.#onUse = onUse;
  }
  override consume(key: string | number, points?: number, options?: Record<string, unknown>) {
    this.#onUse();
    return this.#target.consume(key, points, options);
  }
  override get(key: string | number, options?: Record<string, unknown>) {
    this.#onUse();
    return this.#target.get(key, options);
  }
  override delete(key: string | number, options?: Record<string, unknown>) {
    this.#onUse();
    return this.#target.delete(key, options);
  }
}
