import { type ApiPorts, type AuditLog, TaskError, type TaskErrorCode } from "@tps/core";
import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError, z } from "zod";
import type { Principal } from "../access";
import { refusal, summarizeInput } from "./authorize";
import { callWait, limitCaller, RateLimitedError, tooManyRequests } from "./call-limits";
import type { IdentityAdmin } from "./identity";
import { traceProcedure } from "./procedure-span";
import type { RateLimiter } from "./rate-limit";

/** What every procedure sees: the core's ports, who is calling, and optional instrumentation. */
export interface ApiContext extends ApiPorts {
  /** Null when the request carried no valid session or API key. */
  principal: Principal | null;
  audit: AuditLog;
  /** User and API key administration (the web app wires it; absent, `users.*`/`apiKeys.*` fail). */
  identity?: IdentityAdmin;
  /** Per-principal limits (creates, bulk, calls, refusals, streams; rate-limit.ts); absent, unlimited. */
  rateLimit?: RateLimiter;
  /** Optional instrumentation hooks; the web app wires them to prom-client. */
  observe?: {
    request(procedure: string, outcome: "ok" | "error", seconds: number): void;
    tasksCreated(count: number): void;
  };
}

/** SSE keep-alive: a comment line every 15 s keeps proxies from closing idle streams. */
export const SSE_PING_MS = 15_000;

const t = initTRPC.context<ApiContext>().create({
  // Clients reconnect when even the ping has been silent for two intervals (a dead connection).
  sse: {
    ping: { enabled: true, intervalMs: SSE_PING_MS },
    client: { reconnectAfterInactivityMs: 2 * SSE_PING_MS },
  },
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? z.flattenError(error.cause) : null;
    // Validation errors get one readable message instead of the raw JSON list.
    const message = zodError ? describeZodError(error.cause as ZodError) : shape.message;
    const { stack: _stack, ...data } = shape.data;
    const retryAfter = error.cause instanceof RateLimitedError ? error.cause.retryAfterSeconds : undefined;
    // Field errors of a refused create (input that fails its type's schema, an unknown type).
    const issues = error.cause instanceof TaskError ? error.cause.issues : undefined;
    return {
      ...shape,
      message,
      data: { ...data, zodError, ...(retryAfter ? { retryAfter } : {}), ...(issues ? { issues } : {}) },
    };
  },
});

const STATUS_OF: Record<TaskErrorCode, TRPCError["code"]> = {
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  BAD_REQUEST: "BAD_REQUEST",
  UNAVAILABLE: "SERVICE_UNAVAILABLE",
};

/** Maps domain errors to tRPC codes, hides unexpected ones behind a plain message, and times calls. */
const guarded = t.middleware(async ({ ctx, path, next }) => {
  const started = performance.now();
  const result = await next();
  ctx.observe?.request(path, result.ok ? "ok" : "error", (performance.now() - started) / 1000);
  if (result.ok) return result;
  const cause = result.error.cause;
  if (cause instanceof TaskError) {
    throw new TRPCError({ code: STATUS_OF[cause.code], message: cause.message, cause });
  }
  if (result.error.code === "INTERNAL_SERVER_ERROR") {
    ctx.log.error({ err: cause ?? result.error, path }, "unexpected error in procedure");
    throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "internal error", cause });
  }
  return result;
});

/** The outcome of a mutation's first audit row, stored before the mutation runs. */
export const AUDIT_ACCEPTED = "accepted";

/**
 * Checks the caller against the access table, counts the call against the caller's rate limits
 * (creates, bulk actions or other calls), and writes every mutation to the audit log. A refused
 * call gets one row naming why. An allowed one gets its row (`accepted`) before it runs: when that
 * row cannot be stored the call is answered 503 and changes nothing, so no change is ever missing
 * from the log. One that then fails gets a second row naming the error.
 */
const authorized = t.middleware(async ({ ctx, path, type, getRawInput, next }) => {
  const { principal } = ctx;
  const record = async (outcome: string) => {
    if (type !== "mutation" || !principal) return;
    const target = summarizeInput(await getRawInput().catch(() => null));
    const { id: actorId, name: actor, via } = principal;
    await ctx.audit.record({ actorId, actor, via, procedure: path, target, outcome });
  };
  const audit = (outcome: string) =>
    record(outcome).catch((err: unknown) => ctx.log.error({ err, path }, "could not write the audit log"));
  const refused = refusal(principal, path);
  if (refused) {
    await audit(refused.code);
    throw refused;
  }
  const wait = principal && ctx.rateLimit ? await callWait(ctx.rateLimit, principal, path, getRawInput) : 0;
  if (wait > 0) {
    await audit("TOO_MANY_REQUESTS");
    throw tooManyRequests(wait);
  }
  try {
    await record(AUDIT_ACCEPTED);
  } catch (cause) {
    ctx.log.error({ err: cause, path }, "could not write the audit log: the call is refused");
    throw new TRPCError({
      code: "SERVICE_UNAVAILABLE",
      message: "the audit log is unavailable: nothing was changed, try again shortly",
      cause,
    });
  }
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    await audit(cause instanceof TaskError ? cause.code : result.error.code);
  }
  return result;
});

/**
 * Around `authorized`: a principal refused too often is answered 429 (and each refusal counted),
 * and a subscription holds one of its stream places while open (call-limits.ts).
 */
const limited = t.middleware(({ ctx, type, signal, next }) => limitCaller(ctx, type, signal, next));

export const router = t.router;
/**
 * Every procedure: a span around the whole call, errors mapped, then the caller checked against the
 * access table (and audited).
 */
export const procedure = t.procedure
  .use(t.middleware(traceProcedure))
  .use(guarded)
  .use(limited)
  .use(authorized);
export const createCallerFactory = t.createCallerFactory;

function describeZodError(error: ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}
