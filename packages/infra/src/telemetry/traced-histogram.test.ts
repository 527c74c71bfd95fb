import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { startTestTelemetry } from "../testing/test-telemetry";
import { tracer } from "./trace-context";
import { openMetricsRegistry, TracedHistogram } from "./traced-histogram";

describe("TracedHistogram", () => {
  let stop: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await stop?.();
    stop = null;
  });

  const make = () => {
    const registry = openMetricsRegistry();
    const histogram = new TracedHistogram({
      name: "demo_seconds",
      help: "demo",
      labelNames: ["outcome"] as const,
      buckets: [0.1, 1],
      registers: [registry],
    });
    return { registry, histogram };
  };

  it("keeps the usual call shape and writes no exemplar outside a span", async () => {
    const { registry, histogram } = make();
    histogram.observe({ outcome: "ok" }, 0.05);
    const text = await registry.metrics();
    expect(text).toContain('demo_seconds_bucket{le="0.1",outcome="ok"} 1');
    expect(text).not.toContain("trace_id");
    expect(registry.contentType).toContain("application/openmetrics-text");
  });

  it("records the active span's trace id as the bucket's exemplar", async () => {
    const telemetry = startTestTelemetry();
    stop = telemetry.shutdown;
    const { registry, histogram } = make();
    const traceId = tracer.startActiveSpan("request", (span) => {
      histogram.observe({ outcome: "ok" }, 0.5);
      span.end();
      return span.spanContext().traceId;
    });
    expect(await registry.metrics()).toMatch(
      new RegExp(`demo_seconds_bucket\\{le="1",outcome="ok"\\} 1 # \\{trace_id="${traceId}"\\} 0.5`),
    );
  });

  it("takes an explicit trace id (for code outside the span), and is plain in a Prometheus registry", async () => {
    const { registry, histogram } = make();
    histogram.observe({ outcome: "ok" }, 0.05, "0af7651916cd43dd8448eb211c80319c");
    expect(await registry.metrics()).toContain('# {trace_id="0af7651916cd43dd8448eb211c80319c"} 0.05');

    const plain = new Registry();
    const untraced = new TracedHistogram({
      name: "plain_seconds",
      help: "p",
      buckets: [1],
      registers: [plain],
    });
    untraced.observe({}, 0.5, "0af7651916cd43dd8448eb211c80319c");
    untraced.observe(0.7);
    expect(await plain.metrics()).toContain('plain_seconds_bucket{le="1"} 2\n');
  });
});
