import { type PanelSpec, quantileTargets, type TargetSpec } from "./dashboard-model";

export const TASKS_PER_SECOND = "suffix: tasks/s";

export function stat(title: string, unit: string, expr: string, legend?: string): PanelSpec {
  return { kind: "stat", title, unit, targets: [{ expr, legend }], w: 4, h: 4 };
}

/** A described time series a third of a row wide: the usual chart of the dashboards' rows. */
export function chart(title: string, description: string, unit: string, targets: TargetSpec[]): PanelSpec {
  return { kind: "timeseries", title, description, unit, targets, w: 8, h: 8 };
}

export function latency(
  title: string,
  histogram: string,
  description: string,
  options: { filter?: string } = {},
): PanelSpec {
  return chart(title, description, "s", quantileTargets(histogram, options));
}

/** An undescribed time series of one query, a third of a row wide. */
function oneQuery(title: string, unit: string, expr: string, legend: string): PanelSpec {
  return { kind: "timeseries", title, unit, targets: [{ expr, legend }], w: 8, h: 8 };
}

export function perInstance(title: string, unit: string, expr: string): PanelSpec {
  return oneQuery(title, unit, expr, "{{instance}}");
}

export function perProcess(title: string, unit: string, expr: string): PanelSpec {
  return oneQuery(title, unit, expr, "{{job}} {{instance}}");
}
