import {
  register as globalRegistry,
  Histogram,
  type HistogramConfiguration,
  type LabelValues,
  type ObserveDataWithExemplar,
  type OpenMetricsContentType,
  Registry,
} from "prom-client";
import { activeTraceIds } from "./trace-context";

/** `observe` as usual, plus an optional trace id for code that observes outside the task's span. */
export interface TracedObserve<T extends string> {
  (value: number): void;
  (labels: LabelValues<T>, value: number, traceId?: string): void;
  (data: ObserveDataWithExemplar<T>): void;
}

/**
 * A prom-client Histogram whose observations carry a trace id as an exemplar (`trace_id`): the one
 * passed in, else the active sampled span's. Grafana links a latency bucket to that trace. The call
 * shape stays `observe(labels, value)` / `observe(value)`. Exemplars need OpenMetrics registries
 * (see `openMetricsRegistry`); registered in a plain Prometheus one, it is an ordinary histogram.
 */
export class TracedHistogram<T extends string = string> extends Histogram<T> {
  declare observe: TracedObserve<T>;

  constructor(config: Omit<HistogramConfiguration<T>, "enableExemplars">) {
    const registers = config.registers ?? [globalRegistry];
    const exemplars = registers.every((r) => r.contentType === Registry.OPENMETRICS_CONTENT_TYPE);
    super({ ...config, enableExemplars: exemplars } as HistogramConfiguration<T>);
    const original = this.observe.bind(this) as (...args: unknown[]) => void;
    this.observe = ((
      first: LabelValues<T> | number | ObserveDataWithExemplar<T>,
      value?: number,
      traceId?: string,
    ) => {
      const isData = typeof first === "object" && "value" in first && typeof first.value === "number";
      if (isData) return original(first);
      const labels = (typeof first === "number" ? {} : first) as LabelValues<T>;
      const observed = typeof first === "number" ? first : (value ?? 0);
      if (!exemplars) return original(labels, observed);
      const trace_id = traceId ?? activeTraceIds().trace_id;
      original({ labels, value: observed, exemplarLabels: trace_id ? { trace_id } : {} });
    }) as TracedObserve<T>;
  }
}

/** A registry that writes OpenMetrics text (exemplars included); Prometheus asks for it by default. */
export function openMetricsRegistry(): Registry<OpenMetricsContentType> {
  const registry = new Registry<OpenMetricsContentType>();
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  return registry;
}
