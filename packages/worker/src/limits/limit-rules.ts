import { inputOf, type LimitKind } from "@tps/core";
import type { AnyTaskDefinition } from "../define-task";

/** Longest key a limit counts under. */
export const MAX_LIMIT_KEY_LENGTH = 200;

/**
 * The rate window as counted: perMs plus max(100 ms, 2 %). A token is taken before the claim and
 * the work starts after it, a few to a few tens of milliseconds later, by an amount that varies
 * per batch; with the window counted exactly, max + 1 starts could then fall inside perMs whenever
 * an early token's start lagged more than a later one's. The padding absorbs up to that much of
 * jitter (measured: up to 24 ms on a loaded machine, three workers), at the price of a lower top
 * rate for short windows (a tenth for 1 s). A claim held longer than the padding (through a
 * database outage) can still start late.
 */
export const paddedWindowMs = (perMs: number): number => perMs + Math.max(100, Math.ceil(perMs * 0.02));

/** A type's limits, ready to count: keys come from the task's parsed input. */
export interface TypeLimits {
  type: string;
  concurrency: { limit: number; key: ((input: unknown) => string) | null } | null;
  rate: { max: number; windowMs: number; key: ((input: unknown) => string) | null } | null;
  /** A key is read from the input: the worker reads the inputs of a batch (one statement). */
  keyed: boolean;
  /** The input of a stored payload, checked against the type's schema; undefined when it fails. */
  parse(payload: string): { input: unknown } | undefined;
}

/** The limits of `definition`, or null when it declares none (its tasks take the plain path). */
export function limitsOf(definition: AnyTaskDefinition): TypeLimits | null {
  const { type, concurrencyLimit, concurrencyKey, rateLimit } = definition;
  if (concurrencyLimit === undefined && rateLimit === undefined) return null;
  const concurrency =
    concurrencyLimit === undefined
      ? null
      : { limit: concurrencyLimit, key: concurrencyKey ? (i: unknown) => concurrencyKey(i) : null };
  const rate = rateLimit
    ? {
        max: rateLimit.max,
        windowMs: paddedWindowMs(rateLimit.perMs),
        key: rateLimit.key ? (i: unknown) => rateLimit.key!(i as never) : null,
      }
    : null;
  return {
    type,
    concurrency,
    rate,
    keyed: Boolean(concurrency?.key || rate?.key),
    parse(payload) {
      try {
        const parsed = definition.input.safeParse(inputOf(type, payload));
        return parsed.success ? { input: parsed.data } : undefined;
      } catch {
        return undefined; // a transform that throws: the run fails the same way, without a slot
      }
    },
  };
}

/** The keys a task counts under, or why its key function failed (the task then fails with it). */
export type TaskKeys = { concurrency: string | null; rate: string | null } | { error: string };

export function keysOf(limits: TypeLimits, input: unknown): TaskKeys {
  const keys = { concurrency: null as string | null, rate: null as string | null };
  for (const kind of ["concurrency", "rate"] as const satisfies LimitKind[]) {
    const keyFn = limits[kind]?.key;
    if (!keyFn) continue;
    const name = kind === "concurrency" ? "concurrencyKey" : "rateLimit.key";
    let key: unknown;
    try {
      key = keyFn(input);
    } catch (error) {
      return { error: `${name} of ${limits.type} threw: ${(error as Error)?.message ?? String(error)}` };
    }
    if (typeof key !== "string" || key.length === 0 || key.length > MAX_LIMIT_KEY_LENGTH) {
      const got = typeof key === "string" ? `a string of ${key.length} characters` : typeof key;
      return {
        error: `${name} of ${limits.type} must return a non-empty string of up to ${MAX_LIMIT_KEY_LENGTH} characters (got ${got})`,
      };
    }
    keys[kind] = key;
  }
  return keys;
}
