import { startTelemetry } from "@tps/infra";
import { env } from "./env";

/**
 * Registers the tracing SDK when OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise nothing (no cost).
 * Spans are exported in the background every few seconds; the last few may be lost when the
 * process stops (Next owns the signal handlers).
 */
export function startWebTelemetry() {
  startTelemetry("tps-web", { endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT });
}
