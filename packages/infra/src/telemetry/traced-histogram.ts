import {
  Histogram,
  type HistogramConfiguration,
  type LabelValues,
  type OpenMetricsContentType,
  Registry,
} from "prom-client";
import { activeTraceIds } from "./trace-context";

/**
 * A prom-client Histogram whose observations carry the active span's trace id as an exemplar
 * (`trace_id`), so Grafana can jump from a latency bucket to a trace. The call shape stays
 * `observe(labels, value)` / `observe(value)`; outside a sampled span no exemplar is written.
 * Exemplars are only exposed by an OpenMetrics registry (see `openMetricsRegistry`).
 */
export class TracedHistogram<T extends string = string> extends Histogram<T> {
  constructor(config: Omit<HistogramConfiguration<T>, "enableExemplars">) {
    super({ ...config, enableExemplars: true } as HistogramConfiguration<T>);
    const observeWithExemplar = this.observe.bind(this) as unknown as (data: {
      labels?: LabelValues<T>;
      value: number;
      exemplarLabels?: LabelValues<string>;
    }) => void;
    this.observe = ((labelsOrValue: LabelValues<T> | number, maybeValue?: number) => {
      const labels = typeof labelsOrValue === "number" ? ({} as LabelValues<T>) : labelsOrValue;
      const value = typeof labelsOrValue === "number" ? labelsOrValue : (maybeValue ?? 0);
      const { trace_id } = activeTraceIds();
      observeWithExemplar({ labels, value, exemplarLabels: trace_id ? { trace_id } : {} });
    }) as Histogram<T>["observe"];
  }
}

/** A registry that writes OpenMetrics text (exemplars included); Prometheus asks for it by default. */
export function openMetricsRegistry(): Registry<OpenMetricsContentType> {
  const registry = new Registry<OpenMetricsContentType>();
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  return registry;
}
