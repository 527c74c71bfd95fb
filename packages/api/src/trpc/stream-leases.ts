import { randomUUID } from "node:crypto";
import type { LimitStore } from "./limit-store";

/** One open stream's place; `release()` gives it back (idempotent). */
export interface StreamLease {
  release(): void;
}

export interface StreamLeases {
  /** A place among `max` open streams of `key`, or null when all are taken. */
  open(key: string, max: number): Promise<StreamLease | null>;
}

/**
 * A lease lives this long unless renewed; open streams renew theirs every third of it, so the
 * places of a process that died free themselves within a minute.
 */
export const LEASE_MS = 60_000;

// Leases of one key: a sorted set of lease ids scored by when they lapse (Redis' clock, so the
// processes' clocks need not agree). Lapsed ones are dropped before counting.
const OPEN = `
local t = redis.call('time')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
redis.call('zremrangebyscore', KEYS[1], '-inf', now)
if redis.call('zcard', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('zadd', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
redis.call('pexpire', KEYS[1], ARGV[2])
return 1`;
const RENEW = `
local t = redis.call('time')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
if redis.call('zadd', KEYS[1], 'XX', 'CH', now + tonumber(ARGV[1]), ARGV[2]) == 1 then
  redis.call('pexpire', KEYS[1], ARGV[1])
end
return 1`;

/**
 * Open streams per key, counted in Redis with leases that lapse (a crashed process leaks nothing
 * for long) and in this process's memory while Redis is out (then each process counts its own).
 */
export function createStreamLeases(store: LimitStore, leaseMs = LEASE_MS): StreamLeases {
  const local = new Map<string, Set<string>>();
  const redisKey = (key: string) => `${store.prefix}rl:streams:${key}`;

  const openLocal = (key: string, max: number): StreamLease | null => {
    const open = local.get(key) ?? new Set<string>();
    if (open.size >= max) return null;
    const id = randomUUID();
    open.add(id);
    local.set(key, open);
    return once(() => {
      open.delete(id);
      if (open.size === 0 && local.get(key) === open) local.delete(key);
    });
  };

  return {
    async open(key, max) {
      const redis = await store.shared();
      if (!redis) return openLocal(key, max);
      const id = randomUUID();
      const name = redisKey(key);
      try {
        if (Number(await redis.eval(OPEN, 1, name, max, leaseMs, id)) !== 1) return null;
      } catch {
        return openLocal(key, max); // Redis out or slow: count here (the store notices on its own calls)
      }
      const renew = setInterval(() => {
        redis.eval(RENEW, 1, name, leaseMs, id).catch(() => {}); // lapses by itself if Redis stays out
      }, leaseMs / 3);
      renew.unref();
      return once(() => {
        clearInterval(renew);
        redis.zrem(name, id).catch(() => {});
      });
    },
  };
}

function once(release: () => void): StreamLease {
  let done = false;
  return {
    release() {
      if (done) return;
      done = true;
      release();
    },
  };
}
