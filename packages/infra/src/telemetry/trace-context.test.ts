import { context, trace } from "@opentelemetry/api";
import { afterEach, describe, expect, it } from "vitest";
import { startTestTelemetry } from "../testing/test-telemetry";
import { activeTraceIds, contextFromHeaders, traceHeaders, tracer } from "./trace-context";

describe("trace context in message headers", () => {
  let stop: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await stop?.();
    stop = null;
  });

  it("adds nothing without an SDK: no headers, no ids in logs", () => {
    tracer.startActiveSpan("unregistered", (span) => {
      expect(traceHeaders()).toBeUndefined();
      expect(activeTraceIds()).toEqual({});
      span.end();
    });
  });

  it("carries the active span across a message (Buffer header values too) when the SDK is on", () => {
    const telemetry = startTestTelemetry();
    stop = telemetry.shutdown;
    tracer.startActiveSpan("publish", (span) => {
      const headers = traceHeaders();
      expect(headers?.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      expect(activeTraceIds()).toEqual({
        trace_id: span.spanContext().traceId,
        span_id: span.spanContext().spanId,
      });
      const received = contextFromHeaders({ traceparent: Buffer.from(headers!.traceparent!) });
      expect(trace.getSpanContext(received)).toMatchObject({
        traceId: span.spanContext().traceId,
        spanId: span.spanContext().spanId,
        isRemote: true,
      });
      span.end();
    });
    expect(trace.getSpanContext(contextFromHeaders(undefined))).toBeUndefined();
    expect(context.active()).toBeDefined();
  });
});
