import { type PanelSpec, quantileTargets } from "./dashboard-model";

export const TASKS_PER_SECOND = "suffix: tasks/s";

export function stat(title: string, unit: string, expr: string, legend?: string): PanelSpec {
  return { kind: "stat", title, unit, targets: [{ expr, legend }], w: 4, h: 4 };
}

export function latency(
  title: string,
  histogram: string,
  description: string,
  options: { filter?: string } = {},
): PanelSpec {
  return {
    kind: "timeseries",
    title,
    description,
    unit: "s",
    targets: quantileTargets(histogram, options),
    w: 8,
    h: 8,
  };
}

export function perInstance(title: string, unit: string, expr: string): PanelSpec {
  return {
    kind: "timeseries",
    title,
    unit,
    targets: [{ expr, legend: "{{instance}}" }],
    w: 8,
    h: 8,
  };
}

export function perProcess(title: string, unit: string, expr: string): PanelSpec {
  return {
    kind: "timeseries",
    title,
    unit,
    targets: [{ expr, legend: "{{job}} {{instance}}" }],
    w: 8,
    h: 8,
  };
}
