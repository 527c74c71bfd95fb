import {
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";

/** The tracer every TPS span comes from (a no-op until startTelemetry registers an SDK). */
export const tracer = trace.getTracer("tps");

/**
 * The active trace context as message headers (`traceparent`, `tracestate`), or undefined when
 * there is none (no SDK, or no active span): then messages carry no extra bytes.
 */
export function traceHeaders(): Record<string, string> | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ? carrier : undefined;
}

/**
 * Runs `run` as the work of `span`: a failure is recorded on the span (exception, error status) and
 * rethrown, and the span ends either way.
 */
export async function endSpanAfter<T>(span: Span, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}

/** The trace context a message's headers carry (the root context when they carry none). */
export function contextFromHeaders(headers: Record<string, unknown> | undefined): Context {
  if (!headers) return ROOT_CONTEXT;
  const carrier: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (typeof value === "string") carrier[key] = value;
    else if (Buffer.isBuffer(value)) carrier[key] = value.toString("utf8");
  }
  return propagation.extract(ROOT_CONTEXT, carrier);
}

/** `{ trace_id, span_id }` of the active span, for log lines and exemplars; empty without one. */
export function activeTraceIds(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId, traceFlags } = span.spanContext();
  // Unsampled spans are never exported: pointing at them would lead nowhere.
  return traceFlags & 1 ? { trace_id: traceId, span_id: spanId } : {};
}
