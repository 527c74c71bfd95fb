import { trace } from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestTelemetry } from "../testing/test-telemetry";
import { traceCallers } from "./caller-scope";
import { traceHeaders, tracer } from "./trace-context";

describe("traceCallers: the trace of a create shared by several calls", () => {
  let telemetry: ReturnType<typeof startTestTelemetry>;
  // One SDK for the file: `tracer` keeps the provider it first delegated to.
  beforeAll(() => {
    telemetry = startTestTelemetry();
  });
  afterAll(() => telemetry.shutdown());

  /** Captures the caller's context inside a request span of its own, as a request handler would. */
  const inRequest = (name: string) =>
    tracer.startActiveSpan(name, (span) => {
      span.end();
      return { captured: traceCallers.capture(), span: span.spanContext() };
    });

  it("runs a call alone in the caller's own trace: its messages carry the request's span", async () => {
    const { captured, span } = inRequest("request");
    const headers = await traceCallers.run([captured], async () => traceHeaders());
    expect(headers?.traceparent).toBe(`00-${span.traceId}-${span.spanId}-01`);
  });

  it("runs shared work in a new trace whose span links to every caller", async () => {
    const callers = [inRequest("request 1"), inRequest("request 2"), inRequest("request 3")];
    const inside = await traceCallers.run(
      callers.map((c) => c.captured),
      async () => trace.getActiveSpan()?.spanContext(),
    );
    const batch = telemetry.spans().find((s) => s.name === "create batch");
    expect(batch?.spanContext().spanId).toBe(inside?.spanId);
    expect(batch?.parentSpanContext).toBeUndefined();
    expect(callers.map((c) => c.span.traceId)).not.toContain(inside?.traceId);
    expect(batch?.links.map((l) => l.context.spanId)).toEqual(callers.map((c) => c.span.spanId));
    expect(batch?.attributes["tps.create.calls"]).toBe(3);
  });
});
