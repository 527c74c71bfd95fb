import type { CancelSignal, Log } from "@tps/core";
import { Redis } from "ioredis";
import { createRedisBreaker } from "./redis-breaker";

const FLAG_TTL_SECONDS = 24 * 60 * 60;

export interface CancelBus extends CancelSignal {
  /** Which of `ids` carry a cancel flag. */
  flagged(ids: readonly number[]): Promise<Set<number>>;
  /** Calls `onCancel` for every cancel announced from now on, with the time it was requested. */
  subscribe(onCancel: (id: number, requestedAt: number) => void): Promise<void>;
  ping(): Promise<boolean>;
  /** True while Redis is treated as down (after a timeout or a failed connection, until a probe answers). */
  breakerOpen(): boolean;
  close(): Promise<void>;
}

/**
 * Cancel flag (`<prefix>cancel:<id>`, kept a day) plus a pub/sub signal on `<prefix>cancel`
 * carrying `<id>:<requested-at epoch ms>`.
 * Commands fail fast while Redis is down (no offline queue) and time out when it hangs
 * (`commandTimeout`): callers treat Redis as an accelerator, never as the source of truth. A
 * circuit breaker (redis-breaker.ts) makes a hung Redis cost one timeout, not one per call: then
 * announces and lookups fail at once until a probe answers. The subscriber has no command
 * timeout: it waits for messages, and resubscribes after reconnects.
 */
export interface CancelBusOptions {
  /**
   * A command with no reply within this long fails (a hung Redis must not block claims or cancels).
   * Default 500 ms: under the cancel use case's own 1 s wait, so the breaker learns of the timeout
   * before the next cancel starts (with both at 1 s, two cancels in a row each paid a timeout).
   */
  commandTimeoutMs?: number;
  /** While the breaker is open, Redis is probed this often (default 1 s). */
  probeAfterMs?: number;
}

export function createCancelBus(
  url: string,
  prefix: string,
  log: Log,
  { commandTimeoutMs = 500, probeAfterMs }: CancelBusOptions = {},
): CancelBus {
  const options = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    lazyConnect: true,
  };
  const redis = new Redis(url, { ...options, commandTimeout: commandTimeoutMs });
  let subscriber: Redis | null = null;
  const channel = `${prefix}cancel`;
  const flagKey = (id: number) => `${prefix}cancel:${id}`;
  watch(redis, "redis", log);

  const ready = async (client: Redis) => {
    if (client.status === "wait") await withTimeout(client.connect(), commandTimeoutMs * 2).catch(() => {});
    if (client.status !== "ready") throw new Error(`redis is not connected (${client.status})`);
  };
  const breaker = createRedisBreaker({
    name: "redis (cancel signals)",
    probe: async () => {
      await ready(redis);
      await redis.ping();
    },
    probeAfterMs,
    log,
  });

  return {
    async announce(ids) {
      if (ids.length === 0) return;
      await breaker.run(async () => {
        await ready(redis);
        const now = Date.now();
        const pipeline = redis.pipeline();
        for (const id of ids)
          pipeline.set(flagKey(id), "1", "EX", FLAG_TTL_SECONDS).publish(channel, `${id}:${now}`);
        const failed = ((await pipeline.exec()) ?? []).find(([err]) => err);
        if (failed) throw failed[0];
      });
    },
    async flagged(ids) {
      if (ids.length === 0) return new Set();
      const values = await breaker.run(async () => {
        await ready(redis);
        return redis.mget(ids.map(flagKey));
      });
      return new Set(ids.filter((_, i) => values[i] !== null));
    },
    async subscribe(onCancel) {
      subscriber = new Redis(url, {
        ...options,
        lazyConnect: false,
        enableOfflineQueue: true,
        maxRetriesPerRequest: null,
      });
      watch(subscriber, "redis subscriber", log);
      subscriber.on("message", (_channel: string, message: string) => {
        const [id, at] = message.split(":").map(Number);
        if (Number.isInteger(id) && id! > 0) onCancel(id!, Number.isFinite(at) ? at! : Date.now());
      });
      // Not awaited: while Redis is down the subscription waits in ioredis' queue (and ioredis
      // re-subscribes after every reconnect); cancels still reach running work at lease renewal.
      subscriber.subscribe(channel).catch((err: unknown) => log.warn({ err }, "redis subscribe failed"));
    },
    async ping() {
      try {
        return await breaker.run(async () => {
          await ready(redis);
          return (await redis.ping()) === "PONG";
        });
      } catch {
        return false;
      }
    },
    breakerOpen: () => breaker.open,
    async close() {
      breaker.close();
      redis.disconnect();
      subscriber?.disconnect();
    },
  };
}

/** Logs each outage once (ioredis reconnects by itself) instead of an error per retry. */
function watch(client: Redis, name: string, log: Log) {
  let down = false;
  client.on("error", (err: Error) => {
    if (!down) log.warn({ err: err.message }, `${name} unavailable; retrying in the background`);
    down = true;
  });
  client.on("ready", () => {
    if (down) log.info({}, `${name} reconnected`);
    down = false;
  });
}

/** `promise`, or a rejection once `ms` have passed (the connect handshake has no timeout of its own). */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
