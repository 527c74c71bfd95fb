import { context, propagation, trace } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";

export interface TelemetryOptions {
  /** OTLP/HTTP base address (the `OTEL_EXPORTER_OTLP_ENDPOINT` convention: `/v1/traces` is appended). */
  endpoint?: string;
  /** A span exporter of your own (tests: an InMemorySpanExporter); exported synchronously. */
  exporter?: SpanExporter;
}

export interface Telemetry {
  /** Whether an SDK is registered (false: every span is a no-op). */
  enabled: boolean;
  /** Exports what is buffered and unregisters the SDK; safe to call more than once. */
  shutdown(): Promise<void>;
}

const DISABLED: Telemetry = { enabled: false, shutdown: async () => {} };
let registered = false;

/** True while startTelemetry has an SDK registered: adapters skip their tracing bookkeeping otherwise. */
export const tracingEnabled = () => registered;

/**
 * Registers the tracing SDK for this process, once, at start-up. Without an endpoint (or an exporter)
 * nothing is registered: `@opentelemetry/api` then hands out no-op spans, so library code that
 * creates spans costs a few function calls and no allocations worth measuring.
 */
export function startTelemetry(serviceName: string, options: TelemetryOptions = {}): Telemetry {
  const processors: SpanProcessor[] = [];
  if (options.endpoint) {
    const url = `${options.endpoint.replace(/\/$/, "")}/v1/traces`;
    processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url })));
  }
  if (options.exporter) processors.push(new SimpleSpanProcessor(options.exporter));
  if (processors.length === 0) return DISABLED;

  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }),
    spanProcessors: processors,
    // A batch claim links to every task it covers (BATCH_SIZE ≤ 5,000); the default keeps 128.
    spanLimits: { linkCountLimit: 5_000 },
  });
  // Global tracer provider, AsyncLocalStorage context manager, W3C trace-context propagator.
  provider.register();
  registered = true;
  let stopped: Promise<void> | null = null;
  return {
    enabled: true,
    shutdown() {
      stopped ??= provider.shutdown().finally(() => {
        registered = false;
        trace.disable();
        context.disable();
        propagation.disable();
      });
      return stopped;
    },
  };
}
