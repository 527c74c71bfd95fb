import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { startTelemetry } from "../telemetry/start-telemetry";

/**
 * Registers the tracing SDK with an in-memory exporter for one test file. Spans are exported as
 * they end; `shutdown()` unregisters the SDK again.
 */
export function startTestTelemetry(serviceName = "test") {
  const exporter = new InMemorySpanExporter();
  const telemetry = startTelemetry(serviceName, { exporter });
  return {
    spans: (): ReadableSpan[] => exporter.getFinishedSpans(),
    reset: () => exporter.reset(),
    shutdown: () => telemetry.shutdown(),
  };
}

export type { ReadableSpan };
