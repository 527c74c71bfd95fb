import { type LimitClass, type Principal, ROLES, type Role } from "../access";
import { createLimitStore, type LimitStore, type Rule } from "./limit-store";
import { createStreamLeases, type StreamLease } from "./stream-leases";

/**
 * `perSecond` sustained with bursts of up to `burst` calls: at most `burst` calls in each window of
 * `burst / perSecond` seconds (whole seconds, at least 1), a window starting with its first call.
 */
export interface Rate {
  perSecond: number;
  burst: number;
}

/** A principal's limits; a missing rate means no limit. */
export interface Limits {
  creates?: Rate;
  bulk?: Rate;
  calls?: Rate;
  /** Server-sent event streams open at once. */
  streams?: number;
}

/** Built-in defaults per role; deployments override them (RATE_LIMITS), and keys their own (Principal.limits). */
export const DEFAULT_LIMITS: Record<Role, Limits> = {
  viewer: { creates: { perSecond: 50, burst: 200 }, calls: { perSecond: 100, burst: 1000 }, streams: 20 },
  operator: {
    creates: { perSecond: 50, burst: 200 },
    bulk: { perSecond: 2, burst: 20 },
    calls: { perSecond: 200, burst: 2000 },
    streams: 100,
  },
  admin: {
    creates: { perSecond: 50, burst: 200 },
    bulk: { perSecond: 2, burst: 20 },
    calls: { perSecond: 200, burst: 2000 },
    streams: 100,
  },
};

/** Refused calls (401/403) per caller: past this, it is answered 429 until the window ends. */
export const DEFAULT_REFUSALS: Rule = { points: 30, seconds: 600 };

/** The fixed window that enforces `rate`. */
export function ruleOf(rate: Rate): Rule {
  const seconds = Math.max(1, Math.round(rate.burst / rate.perSecond));
  return { points: Math.max(1, Math.round(rate.perSecond * seconds)), seconds };
}

/** Per-principal limits, shared by every process when their store is (see limit-store.ts). */
export interface RateLimiter {
  /** Takes `cost` points of `principal`'s `limit`: 0 when the call may go ahead, else seconds to wait. */
  take(principal: Principal, limit: LimitClass, cost?: number): Promise<number>;
  /**
   * Seconds `caller` must still wait after too many refused calls, else 0. `caller` is a principal
   * id, or `addressCaller(address)` for requests without valid credentials.
   */
  refusedWait(caller: string): Promise<number>;
  /** Counts one refused call of `caller`. */
  refused(caller: string): Promise<void>;
  /** A place among the principal's open streams, or null (then answer 429). */
  openStream(principal: Principal): Promise<StreamLease | null>;
  /** The counters behind it, for other limits (sign-in). */
  readonly store: LimitStore;
  close(): Promise<void>;
}

export interface RateLimiterOptions {
  /** Per role, over DEFAULT_LIMITS; `null` for a class lifts it. */
  roles?: Partial<Record<Role, { [K in keyof Limits]?: Limits[K] | null }>>;
  refusals?: Rule;
  /** Where counts live; default: this process's memory only. */
  store?: LimitStore;
  /** Shorthand (tests): creates and bulk at this rate for every role, nothing else limited. */
  perSecond?: number;
  burst?: number;
}

/** The caller name of an address: requests whose credentials were missing or refused. */
export const addressCaller = (address: string) => `addr:${address}`;

/** Streams are refused with this Retry-After: places free when other streams close, not on a clock. */
export const STREAM_RETRY_SECONDS = 10;

export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const store = options.store ?? createLimitStore();
  const roles = roleLimits(options);
  const refusals = options.refusals ?? DEFAULT_REFUSALS;
  const leases = createStreamLeases(store);
  const limitsOf = (principal: Principal): Limits => ({ ...roles[principal.role], ...principal.limits });
  return {
    store,
    async take(principal, limit, cost = 1) {
      const rate = limitsOf(principal)[limit];
      if (!rate || rate.perSecond <= 0) return 0;
      return store.take(limit, ruleOf(rate), principal.id, cost);
    },
    refusedWait: (caller) => store.spent("refused", refusals, caller),
    async refused(caller) {
      await store.take("refused", refusals, caller);
    },
    async openStream(principal) {
      const max = limitsOf(principal).streams;
      if (max === undefined) return { release() {} };
      return leases.open(principal.id, max);
    },
    close: () => store.close(),
  };
}

function roleLimits(options: RateLimiterOptions): Record<Role, Limits> {
  if (options.perSecond !== undefined) {
    const rate = { perSecond: options.perSecond, burst: options.burst ?? Math.max(1, options.perSecond) };
    return Object.fromEntries(ROLES.map((role) => [role, { creates: rate, bulk: rate }])) as Record<
      Role,
      Limits
    >;
  }
  return Object.fromEntries(
    ROLES.map((role) => {
      const merged: Record<string, unknown> = { ...DEFAULT_LIMITS[role], ...options.roles?.[role] };
      for (const [name, value] of Object.entries(merged)) if (value === null) delete merged[name];
      return [role, merged as Limits];
    }),
  ) as Record<Role, Limits>;
}
