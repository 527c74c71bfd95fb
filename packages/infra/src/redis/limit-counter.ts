import type { LimitCounter, LimitScope, Log, TokensTaken } from "@tps/core";
import { Redis } from "ioredis";
import { ACQUIRE_SLOTS, FREE_SLOTS, RENEW_SLOTS, TAKE_TOKENS } from "./limit-scripts";
import { createRedisBreaker } from "./redis-breaker";

export interface LimitCounterOptions {
  /** Key prefix of the deployment (redisPrefix): `<prefix>limit:c:<type>[:<key>]`, `<prefix>limit:r:…`. */
  prefix: string;
  /** How long a slot lives unless renewed: the worker's LEASE_MS (a killed worker's slots lapse with its leases). */
  leaseMs: number;
  /** A command with no reply within this long fails (default 500 ms, as the cancel bus'). */
  commandTimeoutMs?: number;
  /** While the breaker is open, Redis is probed this often (default 1 s). */
  probeAfterMs?: number;
  log: Log;
}

type Script = (key: string, ...args: (string | number)[]) => Promise<unknown>;
type LimitRedis = Redis & {
  tpsAcquireSlots: Script;
  tpsRenewSlots: Script;
  tpsFreeSlots: Script;
  tpsTakeTokens: Script;
};

/**
 * The shared counts of the task-type limits on Redis (Lua in limit-scripts.ts, one round trip per
 * batch: every scope's script goes out in one pipeline). Every call runs behind a circuit breaker
 * with a command timeout (redis-breaker.ts): a hung or stopped Redis costs one timeout, then calls
 * reject at once until a probe answers, and the worker fails closed (holds limited tasks back).
 */
export function createLimitCounter(url: string, options: LimitCounterOptions): LimitCounter {
  const { prefix, leaseMs, log } = options;
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: options.commandTimeoutMs ?? 500,
  }) as LimitRedis;
  let down = false;
  redis.on("error", (err: Error) => {
    if (!down) log.warn({ err: err.message }, "redis (task limits) unavailable; retrying in the background");
    down = true;
  });
  redis.on("ready", () => {
    down = false;
  });
  redis.defineCommand("tpsAcquireSlots", { numberOfKeys: 1, lua: ACQUIRE_SLOTS });
  redis.defineCommand("tpsRenewSlots", { numberOfKeys: 1, lua: RENEW_SLOTS });
  redis.defineCommand("tpsFreeSlots", { numberOfKeys: 1, lua: FREE_SLOTS });
  redis.defineCommand("tpsTakeTokens", { numberOfKeys: 1, lua: TAKE_TOKENS });
  const breaker = createRedisBreaker({
    name: "redis (task limits)",
    probe: async () => {
      await ready();
      await redis.ping();
    },
    probeAfterMs: options.probeAfterMs,
    log,
  });
  const keyOf = (kind: "c" | "r", { type, key }: LimitScope) =>
    key === null ? `${prefix}limit:${kind}:${type}` : `${prefix}limit:${kind}:${type}:${key}`;

  const timeoutMs = options.commandTimeoutMs ?? 500;
  /** Waits (up to twice the command timeout) for a connection being made; fails if there is none. */
  const ready = async () => {
    if (redis.status === "ready") return;
    if (redis.status === "connecting" || redis.status === "connect" || redis.status === "reconnecting") {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise((resolve) => redis.once("ready", resolve)),
        new Promise((resolve) => {
          timer = setTimeout(resolve, timeoutMs * 2);
        }),
      ]).finally(() => clearTimeout(timer));
    }
    if ((redis.status as string) !== "ready")
      throw new Error(`redis (task limits) is not connected (${redis.status})`);
  };

  /** Runs one script call per item in one pipeline; any failed reply rejects the whole call. */
  const pipelined = <T>(items: readonly T[], add: (p: LimitRedis, item: T) => void) =>
    breaker.run(async () => {
      await ready();
      const pipeline = redis.pipeline() as unknown as LimitRedis & { exec(): ReturnType<Redis["exec"]> };
      for (const item of items) add(pipeline, item);
      const replies = (await pipeline.exec()) ?? [];
      const failed = replies.find(([err]) => err);
      if (failed) throw failed[0];
      return replies.map(([, value]) => value);
    });

  return {
    async acquireSlots(requests) {
      if (requests.length === 0) return [];
      const replies = await pipelined(requests, (p, r) => {
        void p.tpsAcquireSlots(keyOf("c", r), r.limit, leaseMs, ...r.holders);
      });
      return replies.map((reply) => {
        const [taken, waitMs] = (reply as (number | string)[]).map(Number) as [number, number];
        return { taken, waitMs: Math.max(1, waitMs) };
      });
    },
    async renewSlots(slots) {
      const live = slots.filter((s) => s.holders.length > 0);
      if (live.length === 0) return;
      await pipelined(live, (p, s) => {
        void p.tpsRenewSlots(keyOf("c", s), leaseMs, ...s.holders);
      });
    },
    async releaseSlots(slots) {
      const live = slots.filter((s) => s.holders.length > 0);
      if (live.length === 0) return;
      await pipelined(live, (p, s) => {
        void p.zrem(keyOf("c", s), ...s.holders);
      });
    },
    async freeSlots(scope, limit) {
      const [free] = await pipelined([scope], (p, s) => {
        void p.tpsFreeSlots(keyOf("c", s), limit);
      });
      return Number(free);
    },
    async takeTokens(requests) {
      if (requests.length === 0) return [];
      const replies = await pipelined(requests, (p, r) => {
        void p.tpsTakeTokens(keyOf("r", r), r.max, r.windowMs, ...r.holders);
      });
      return replies.map((reply, i): TokensTaken => {
        const { max, windowMs, holders } = requests[i]!;
        const [taken, now, ...oldest] = (reply as (number | string)[]).map(Number) as number[];
        const waitMs: number[] = [];
        // The j-th holder left over waits for the j-th oldest token to leave the window (one
        // window later per round of max), so held tasks come back spread out, not all at once.
        for (let j = 0; j < holders.length - taken!; j++) {
          const from = oldest[j % max] ?? now!;
          waitMs.push(Math.max(1, from + windowMs * (1 + Math.floor(j / max)) - now!));
        }
        return { taken: taken!, waitMs };
      });
    },
    get unavailable() {
      return breaker.open;
    },
    async close() {
      breaker.close();
      redis.disconnect();
    },
  };
}
