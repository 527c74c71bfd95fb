import { type Context, context, type Link, SpanKind, trace } from "@opentelemetry/api";
import type { CallerScope } from "@tps/core";
import { endSpanAfter, tracer } from "./trace-context";

/**
 * Traces a create shared by several API calls (see createTaskIntake). Alone, a call runs in its own
 * context, so its insert, publish and the consumer's spans join the request's trace as before.
 * Shared, the work runs in a new trace whose `create batch` span links to every caller's span (the
 * OpenTelemetry way for batches), and the tasks' messages carry that span's context.
 */
export const traceCallers: CallerScope<Context> = {
  capture: () => context.active(),
  run(callers, work) {
    if (callers.length === 1) return context.with(callers[0]!, work);
    const links: Link[] = callers.flatMap((c) => {
      const span = trace.getSpanContext(c);
      return span ? [{ context: span }] : [];
    });
    return tracer.startActiveSpan(
      "create batch",
      { root: true, kind: SpanKind.INTERNAL, links, attributes: { "tps.create.calls": callers.length } },
      (span) => endSpanAfter(span, work),
    );
  },
};
