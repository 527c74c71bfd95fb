import {
  createLimitStore,
  createRateLimiter,
  parseRateLimitsSetting,
  type RateLimiter,
  type RateLimiterOptions,
  ROLES,
  type Rule,
} from "@tps/api";
import type { Log } from "@tps/core";
import { createRedisBreaker, redisPrefix } from "@tps/infra";
import { trustProxies } from "./client-address";
import { env } from "./env";
import { webMetrics } from "./metrics";

/** TRUSTED_PROXIES, compiled once. */
export const trustedProxies = trustProxies(env.TRUSTED_PROXIES);

/** Failed sign-ins allowed per account and per address in SIGN_IN_WINDOW_SECONDS. */
export const signInRules: { perAccount: Rule; perAddress: Rule } = {
  perAccount: { points: env.SIGN_IN_FAILURES_PER_ACCOUNT, seconds: env.SIGN_IN_WINDOW_SECONDS },
  perAddress: { points: env.SIGN_IN_FAILURES_PER_ADDRESS, seconds: env.SIGN_IN_WINDOW_SECONDS },
};

/**
 * Per-role limits from the settings: RATE_LIMIT_PER_SECOND / RATE_LIMIT_BURST set every role's
 * creates (0 lifts creates, bulk and calls), then RATE_LIMITS overrides any of them.
 */
export function roleLimitsOf(settings: {
  perSecond: number;
  burst: number;
  rateLimits?: string;
}): Pick<RateLimiterOptions, "roles" | "refusals"> {
  const { refused, ...overrides } = parseRateLimitsSetting(settings.rateLimits);
  const base =
    settings.perSecond > 0
      ? { creates: { perSecond: settings.perSecond, burst: settings.burst } }
      : { creates: null, bulk: null, calls: null };
  const roles = Object.fromEntries(ROLES.map((role) => [role, { ...base, ...overrides[role] }]));
  return { roles, refusals: refused };
}

/**
 * The API's limiter, counting in Redis under the deployment's prefix (so every process and replica
 * shares each count), with the in-memory fallback of limit-store.ts while Redis is out (its breaker
 * is open: reported on tps_dependency_breaker_open{client="rate_limits"}). `onStore` is told when
 * counting moves to memory and back.
 */
export function createWebRateLimiter(log: Log, onStore?: (store: "redis" | "memory") => void): RateLimiter {
  let open = false; // the store's Redis breaker: counting in memory while it is open
  webMetrics.readBreaker("rate_limits", () => open);
  const store = createLimitStore({
    redis: { url: env.REDIS_URL, prefix: redisPrefix(env.TASK_QUEUE, env.DATABASE_URL) },
    breaker: (hooks) => createRedisBreaker({ name: "rate limits' redis", log, ...hooks }),
    log,
    onStore(where) {
      open = where === "memory";
      onStore?.(where);
    },
  });
  const limits = roleLimitsOf({
    perSecond: env.RATE_LIMIT_PER_SECOND,
    burst: env.RATE_LIMIT_BURST,
    rateLimits: env.RATE_LIMITS,
  });
  return createRateLimiter({ store, ...limits });
}
