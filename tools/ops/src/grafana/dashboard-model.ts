/**
 * The dashboards' content is declared as rows of panels (kind, title, unit, PromQL targets) in
 * `tasks-dashboard.ts`; this module builds Grafana's dashboard JSON from it with Grafana's own
 * as-code SDK (@grafana/grafana-foundation-sdk, the build for the Grafana image in
 * docker-compose.yml), so the JSON follows Grafana's schema. `write-dashboards.ts` writes it.
 */
import * as common_ from "@grafana/grafana-foundation-sdk/common";
import * as sdk from "@grafana/grafana-foundation-sdk/dashboard";
import * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import * as stat from "@grafana/grafana-foundation-sdk/stat";
import * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";

/** The provisioned data source (grafana/provisioning/datasources/prometheus.yml). */
export const DATASOURCE = { type: "prometheus", uid: "prometheus" } as const;

/** The schema version of the SDK build, which is the Grafana image's. */
export const SCHEMA_VERSION = sdk.defaultDashboard().schemaVersion;

export const GRID_COLUMNS = 24;

export interface TargetSpec {
  expr: string;
  legend?: string;
  /** Show the histogram's exemplars (dots that open the trace they came from). */
  exemplars?: boolean;
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

/** A dashboard variable filled from a label's values (`label_values(metric, label)`). */
export interface VariableSpec {
  name: string;
  label: string;
  query: string;
}

export interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  variables: VariableSpec[];
  rows: RowSpec[];
}

function targetOf(t: TargetSpec, index: number) {
  const target = new prometheus.DataqueryBuilder()
    .refId(String.fromCharCode(65 + index))
    .datasource(DATASOURCE)
    .expr(t.expr)
    .legendFormat(t.legend ?? "__auto")
    .range();
  return t.exemplars ? target.exemplar(true) : target;
}

/** What every panel kind shares: identity, placement, unit, data source and queries. */
function common<B extends stat.PanelBuilder | timeseries.PanelBuilder>(
  builder: B,
  spec: PanelSpec,
  id: number,
): B {
  builder
    .id(id)
    .title(spec.title)
    .description(spec.description ?? "")
    .datasource(DATASOURCE)
    .span(spec.w)
    .height(spec.h)
    .unit(spec.unit)
    .thresholds(
      new sdk.ThresholdsConfigBuilder()
        .mode(sdk.ThresholdsMode.Absolute)
        .steps([{ color: "green", value: null }]),
    )
    .targets(spec.targets.map(targetOf));
  return builder;
}

function panelOf(spec: PanelSpec, id: number) {
  if (spec.kind === "stat") {
    return common(new stat.PanelBuilder(), spec, id)
      .decimals(2)
      .colorMode(common_.BigValueColorMode.Value)
      .graphMode(common_.BigValueGraphMode.Area)
      .reduceOptions(new common_.ReduceDataOptionsBuilder().calcs(["lastNotNull"]).values(false));
  }
  return common(new timeseries.PanelBuilder(), spec, id)
    .min(0)
    .lineWidth(1)
    .fillOpacity(10)
    .showPoints(common_.VisibilityMode.Never)
    .spanNulls(true)
    .legend(
      new common_.VizLegendOptionsBuilder()
        .displayMode(common_.LegendDisplayMode.List)
        .placement(common_.LegendPlacement.Bottom)
        .showLegend(true),
    )
    .tooltip(
      new common_.VizTooltipOptionsBuilder()
        .mode(common_.TooltipDisplayMode.Multi)
        .sort(common_.SortOrder.Descending),
    );
}

function variableOf(spec: VariableSpec) {
  return new sdk.QueryVariableBuilder(spec.name)
    .label(spec.label)
    .datasource(DATASOURCE)
    .query(spec.query)
    .refresh(sdk.VariableRefresh.OnTimeRangeChanged)
    .sort(sdk.VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue(".*");
}

/** The dashboard JSON Grafana provisions from a file (no `id`: Grafana assigns it). */
export function buildDashboard(spec: DashboardSpec) {
  let nextId = 1;
  const dashboard = new sdk.DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags(spec.tags)
    .readonly()
    .tooltip(sdk.DashboardCursorSync.Crosshair)
    .refresh("5s")
    .time({ from: "now-15m", to: "now" })
    .timepicker(new sdk.TimePickerBuilder().refreshIntervals(["5s", "10s", "30s", "1m", "5m"]))
    .timezone("browser")
    .variables(spec.variables.map(variableOf));
  for (const row of spec.rows) {
    dashboard.withRow(new sdk.RowBuilder(row.title).id(nextId++));
    for (const panel of row.panels) dashboard.withPanel(panelOf(panel, nextId++));
  }
  return dashboard.build();
}

/** `histogram_quantile` at p50/p95/p99 of a histogram's per-second bucket rates, with exemplars. */
export function quantileTargets(histogram: string, options: { by?: string[]; filter?: string } = {}) {
  const by = ["le", ...(options.by ?? [])].join(", ");
  const suffix = options.by?.length ? ` ${options.by.map((l) => `{{${l}}}`).join(" ")}` : "";
  return [0.5, 0.95, 0.99].map((q) => ({
    expr: `histogram_quantile(${q}, sum by (${by}) (rate(${histogram}_bucket${options.filter ?? ""}[$__rate_interval])))`,
    legend: `p${Math.round(q * 100)}${suffix}`,
    exemplars: true,
  }));
}
