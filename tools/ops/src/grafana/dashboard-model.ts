/**
 * A small model of Grafana dashboard JSON: panels are described by kind, title, unit and PromQL
 * targets, and laid out row by row on Grafana's 24-column grid. `tasks-dashboard.ts` holds the
 * content; `write-dashboards.ts` writes the JSON that Grafana provisions.
 */

/** The provisioned data source (grafana/provisioning/datasources/prometheus.yml). */
export const DATASOURCE = { type: "prometheus", uid: "prometheus" } as const;

/** Grafana 11's dashboard schema version. */
export const SCHEMA_VERSION = 39;

export const GRID_COLUMNS = 24;

export interface TargetSpec {
  expr: string;
  legend?: string;
}

export interface PanelSpec {
  kind: "timeseries" | "stat";
  title: string;
  description?: string;
  /** A Grafana unit id ("s", "percentunit", "bytes", "short") or a custom "suffix:…". */
  unit: string;
  targets: TargetSpec[];
  w: number;
  h: number;
}

export interface RowSpec {
  title: string;
  panels: PanelSpec[];
}

export interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  rows: RowSpec[];
}

interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Places rows top to bottom; panels flow left to right and wrap at 24 columns. */
export function layout(rows: RowSpec[]): { row: RowSpec; rowPos: GridPos; panels: GridPos[] }[] {
  let y = 0;
  return rows.map((row) => {
    const rowPos = { x: 0, y, w: GRID_COLUMNS, h: 1 };
    y += 1;
    let x = 0;
    let lineHeight = 0;
    const panels = row.panels.map((panel) => {
      if (panel.w < 1 || panel.w > GRID_COLUMNS) throw new Error(`panel "${panel.title}": width ${panel.w}`);
      if (x + panel.w > GRID_COLUMNS) {
        y += lineHeight;
        x = 0;
        lineHeight = 0;
      }
      const pos = { x, y, w: panel.w, h: panel.h };
      x += panel.w;
      lineHeight = Math.max(lineHeight, panel.h);
      return pos;
    });
    y += lineHeight;
    return { row, rowPos, panels };
  });
}

function panelJson(spec: PanelSpec, id: number, gridPos: GridPos) {
  const targets = spec.targets.map((t, i) => ({
    refId: String.fromCharCode(65 + i),
    datasource: DATASOURCE,
    expr: t.expr,
    legendFormat: t.legend ?? "__auto",
    range: true,
    instant: false,
  }));
  const common = {
    id,
    type: spec.kind,
    title: spec.title,
    description: spec.description ?? "",
    datasource: DATASOURCE,
    gridPos,
    targets,
  };
  if (spec.kind === "stat") {
    return {
      ...common,
      fieldConfig: {
        defaults: { unit: spec.unit, decimals: 2, color: { mode: "thresholds" }, thresholds: okThresholds },
        overrides: [],
      },
      options: {
        reduceOptions: { calcs: ["lastNotNull"], fields: "", values: false },
        colorMode: "value",
        graphMode: "area",
        justifyMode: "auto",
        textMode: "auto",
        orientation: "auto",
      },
    };
  }
  return {
    ...common,
    fieldConfig: {
      defaults: {
        unit: spec.unit,
        min: 0,
        color: { mode: "palette-classic" },
        custom: { drawStyle: "line", lineWidth: 1, fillOpacity: 10, showPoints: "never", spanNulls: true },
        thresholds: okThresholds,
      },
      overrides: [],
    },
    options: {
      legend: { displayMode: "list", placement: "bottom", showLegend: true },
      tooltip: { mode: "multi", sort: "desc" },
    },
  };
}

const okThresholds = { mode: "absolute", steps: [{ color: "green", value: null }] };

/** The dashboard JSON Grafana provisions from a file (no `id`: Grafana assigns it). */
export function buildDashboard(spec: DashboardSpec) {
  let nextId = 1;
  const panels: unknown[] = [];
  for (const { row, rowPos, panels: positions } of layout(spec.rows)) {
    panels.push({
      id: nextId++,
      type: "row",
      title: row.title,
      collapsed: false,
      gridPos: rowPos,
      panels: [],
    });
    row.panels.forEach((panel, i) => {
      panels.push(panelJson(panel, nextId++, positions[i]!));
    });
  }
  return {
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: spec.tags,
    editable: false,
    graphTooltip: 1,
    refresh: "5s",
    schemaVersion: SCHEMA_VERSION,
    version: 1,
    time: { from: "now-15m", to: "now" },
    timepicker: { refresh_intervals: ["5s", "10s", "30s", "1m", "5m"] },
    timezone: "browser",
    fiscalYearStartMonth: 0,
    liveNow: false,
    links: [],
    templating: { list: [] },
    annotations: {
      list: [
        {
          builtIn: 1,
          datasource: { type: "grafana", uid: "-- Grafana --" },
          enable: true,
          hide: true,
          iconColor: "rgba(0, 211, 255, 1)",
          name: "Annotations & Alerts",
          type: "dashboard",
        },
      ],
    },
    panels,
  };
}

/** `histogram_quantile` at p50/p95/p99 of a histogram's per-second bucket rates. */
export function quantileTargets(histogram: string, options: { by?: string[]; filter?: string } = {}) {
  const by = ["le", ...(options.by ?? [])].join(", ");
  const suffix = options.by?.length ? ` ${options.by.map((l) => `{{${l}}}`).join(" ")}` : "";
  return [0.5, 0.95, 0.99].map((q) => ({
    expr: `histogram_quantile(${q}, sum by (${by}) (rate(${histogram}_bucket${options.filter ?? ""}[1m])))`,
    legend: `p${Math.round(q * 100)}${suffix}`,
  }));
}
