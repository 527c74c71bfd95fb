import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { requestScope } from "./request-scope";

const tracer = trace.getTracer("tps");

interface ProcedureCall<R> {
  ctx: object;
  path: string;
  type: string;
  next(): Promise<R>;
}

/** The caller's name or id, when the context carries a principal (`{ name }` or `{ id }`). */
function principalOf(ctx: object): string | undefined {
  const principal = (ctx as { principal?: { name?: unknown; id?: unknown } | null }).principal;
  const who = principal?.name ?? principal?.id;
  return who === undefined || who === null ? undefined : String(who);
}

/**
 * One span per procedure call (the root of a task's trace when nobody upstream sent a
 * `traceparent`), marked as an error when the procedure fails; the request's log note learns the
 * procedure and the caller. Used as the outermost tRPC middleware.
 */
export function traceProcedure<
  R extends { ok: boolean; data?: unknown; error?: { code: string; message: string } },
>({ ctx, path, type, next }: ProcedureCall<R>): Promise<R> {
  const principal = principalOf(ctx);
  const note = requestScope.getStore();
  if (note) {
    note.procedures.push(path);
    note.principal ??= principal;
  }
  return tracer.startActiveSpan(
    path,
    {
      kind: SpanKind.SERVER,
      attributes: {
        "rpc.system": "trpc",
        "rpc.method": path,
        "tps.procedure.type": type,
        ...(principal ? { "enduser.id": principal } : {}),
      },
    },
    async (span) => {
      try {
        const result = await next();
        const id = (result.data as { id?: unknown } | undefined)?.id;
        if (typeof id === "number") span.setAttribute("tps.task.id", id);
        if (!result.ok && result.error) {
          span.setAttribute("rpc.response.status_code", result.error.code);
          span.setStatus({ code: SpanStatusCode.ERROR, message: result.error.message });
        }
        return result;
      } finally {
        span.end();
      }
    },
  );
}
