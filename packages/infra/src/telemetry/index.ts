export { traceCallers } from "./caller-scope";
export { startTelemetry, type Telemetry, type TelemetryOptions, tracingEnabled } from "./start-telemetry";
export { activeTraceIds, contextFromHeaders, endSpanAfter, traceHeaders, tracer } from "./trace-context";
export { openMetricsRegistry, TracedHistogram } from "./traced-histogram";
export { tracePublisher } from "./traced-publisher";
