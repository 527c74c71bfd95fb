import { type ApiPorts, TaskError, type TaskErrorCode } from "@tps/core";
import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError, z } from "zod";
import { traceProcedure } from "./procedure-span";

/** What every procedure sees: the core's ports, and optional instrumentation. */
export interface ApiContext extends ApiPorts {
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
    return { ...shape, message, data: { ...data, zodError } };
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

export const router = t.router;
export const publicProcedure = t.procedure.use(t.middleware(traceProcedure)).use(guarded);
export const createCallerFactory = t.createCallerFactory;

function describeZodError(error: ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}
