import { TRPCError } from "@trpc/server";
import { limitClassOf, type Principal } from "../access";
import { type RateLimiter, STREAM_RETRY_SECONDS } from "./rate-limit";

/** Thrown (as the cause of a TOO_MANY_REQUESTS error) when a caller is over one of its limits. */
export class RateLimitedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`too many requests, retry in ${retryAfterSeconds} s`);
    this.name = "RateLimitedError";
  }
}

export function tooManyRequests(retryAfterSeconds: number, message?: string): TRPCError {
  const cause = new RateLimitedError(retryAfterSeconds);
  return new TRPCError({ code: "TOO_MANY_REQUESTS", message: message ?? cause.message, cause });
}

/** Tasks per point of a createMany: 500 tasks in one call cost 5 points, not 500 (nor 1). */
export const TASKS_PER_POINT = 100;

/** Points a createMany of this raw input costs: one per TASKS_PER_POINT tasks started, at least 1. */
export function createManyCost(raw: unknown): number {
  const input = (raw ?? {}) as { items?: unknown; payloads?: unknown };
  const list = Array.isArray(input.items) ? input.items : Array.isArray(input.payloads) ? input.payloads : [];
  return Math.max(1, Math.ceil(list.length / TASKS_PER_POINT));
}

/** Seconds `principal` must wait before calling `path`, taking its points when it may go ahead. */
export async function callWait(
  limiter: RateLimiter,
  principal: Principal,
  path: string,
  getRawInput: () => Promise<unknown>,
): Promise<number> {
  const cost = path === "tasks.createMany" ? createManyCost(await getRawInput().catch(() => null)) : 1;
  return limiter.take(principal, limitClassOf(path), cost);
}

type Result = { ok: boolean; error?: { code?: string }; data?: unknown };

/**
 * Around authorization: a principal refused too often (401/403) is answered 429 until its window
 * ends, and each refusal it gets counts; a subscription holds one of the principal's stream places
 * until it ends. Anonymous requests are limited by address before they reach tRPC (the HTTP edge).
 */
export async function limitCaller<R extends Result>(
  ctx: { principal: Principal | null; rateLimit?: RateLimiter },
  type: string,
  signal: AbortSignal | undefined,
  next: () => Promise<R>,
): Promise<R> {
  const { principal, rateLimit: limiter } = ctx;
  if (!limiter || !principal) return next();
  const blocked = await limiter.refusedWait(principal.id);
  if (blocked > 0) throw tooManyRequests(blocked, `too many refused calls, retry in ${blocked} s`);
  const lease = type === "subscription" ? await limiter.openStream(principal) : undefined;
  if (lease === null) {
    throw tooManyRequests(STREAM_RETRY_SECONDS, "too many open streams: close one, or retry later");
  }
  let result: R;
  try {
    result = await next();
  } catch (error) {
    lease?.release();
    throw error;
  }
  if (!result.ok) {
    lease?.release();
    const code = result.error?.code;
    if (code === "UNAUTHORIZED" || code === "FORBIDDEN") await limiter.refused(principal.id);
    return result;
  }
  if (!lease) return result;
  if (!isAsyncIterable(result.data)) {
    lease.release();
    return result;
  }
  signal?.addEventListener("abort", () => lease.release(), { once: true });
  return { ...result, data: releasing(result.data, lease.release) };
}

async function* releasing<T>(source: AsyncIterable<T>, release: () => void) {
  try {
    yield* source;
  } finally {
    release();
  }
}

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  typeof value === "object" && value !== null && Symbol.asyncIterator in value;
