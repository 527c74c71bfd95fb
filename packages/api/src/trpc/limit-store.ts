import type { Log } from "@tps/core";
import { Redis, ReplyError } from "ioredis";
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
  /**
   * A circuit breaker around the Redis calls (the apps pass @tps/infra's createRedisBreaker): once
   * open, calls count in memory without waiting on Redis. Without one, every call tries Redis and
   * falls back to memory when it fails.
   */
  breaker?: BreakerFactory;
  log?: Log;
  /** Told when limits move to this process's memory ("memory") and back to Redis ("redis"). */
  onStore?(store: "redis" | "memory"): void;
}

/** The breaker the store needs: `run` rejects at once while `open`. */
export interface CallBreaker {
  run<T>(call: () => Promise<T>): Promise<T>;
  readonly open: boolean;
  close(): void;
}

/** Makes a breaker that probes Redis with `probe`, treats `isAnswer` rejections as answers and reports open/close. */
export type BreakerFactory = (hooks: {
  probe(): Promise<unknown>;
  isAnswer(error: unknown): boolean;
  onOpen(): void;
  onClose(): void;
}) => CallBreaker;

/** Without a breaker: every call goes to Redis (and falls back to memory when it fails). */
const NEVER_OPEN: CallBreaker = { run: (call) => call(), open: false, close() {} };

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
  redis?.on("error", () => {}); // reported once per outage by the breaker
  const breaker = redis
    ? (options.breaker?.({
        probe: () => redis.ping(),
        // Over the limit is Redis answering, and so is an error reply.
        isAnswer: (error) => error instanceof RateLimiterRes || error instanceof ReplyError,
        onOpen() {
          log?.warn({}, "rate limits: Redis unavailable, each process now limits alone (in memory)");
          options.onStore?.("memory");
        },
        onClose() {
          log?.info({}, "rate limits: Redis is back, limits are shared again");
          options.onStore?.("redis");
        },
      }) ?? NEVER_OPEN)
    : null;

  type Pair = { shared: RateLimiterRedis | null; local: RateLimiterMemory };
  const limiters = new Map<string, Pair>();
  const limiterFor = (name: string, rule: Rule): Pair => {
    const id = `${name}:${rule.points}/${rule.seconds}`;
    let pair = limiters.get(id);
    if (!pair) {
      const opts = { points: rule.points, duration: rule.seconds, keyPrefix: `${prefix}rl:${id}` };
      const local = new RateLimiterMemory(opts);
      const shared = redis
        ? new RateLimiterRedis({ ...opts, storeClient: redis, rejectIfRedisNotReady: true })
        : null;
      pair = { shared, local };
      limiters.set(id, pair);
    }
    return pair;
  };
  /**
   * Runs `call` on the shared limiter, or on the in-memory twin while the breaker is open or when
   * the shared call fails (then the breaker opens: later calls do not wait on Redis).
   */
  const run = async <T>(pair: Pair, call: (limiter: RateLimiterMemory | RateLimiterRedis) => Promise<T>) => {
    const { shared } = pair;
    if (!shared || !breaker || breaker.open) return call(pair.local);
    await connected();
    try {
      return await breaker.run(() => call(shared));
    } catch (error) {
      if (error instanceof RateLimiterRes) throw error; // over the limit: Redis answered
      return call(pair.local);
    }
  };

  return {
    async shared() {
      if (!redis || !breaker || breaker.open) return null;
      await connected();
      if (redis.status !== "ready") return null;
      // Through the breaker too: a hung Redis costs stream leases one timeout, not one per open.
      return {
        eval: (script, keys, ...args) => breaker.run(() => redis.eval(script, keys, ...args)),
        zrem: (key, ...members) => breaker.run(() => redis.zrem(key, ...members)),
      };
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
      breaker?.close();
      redis?.disconnect();
    },
  };
}

const secondsOf = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
