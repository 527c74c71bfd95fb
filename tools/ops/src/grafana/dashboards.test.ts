import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readRepoFile, readRepoYaml } from "../repo";
import { GRID_COLUMNS, SCHEMA_VERSION } from "./dashboard-model";
import { DASHBOARD_FILES, renderDashboardFile } from "./dashboards";
import { CONTRACT_QUERIES } from "./tasks-dashboard";

interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { type: string; uid: string };
  targets?: { refId: string; expr: string; datasource?: { type: string; uid: string } }[];
  panels?: Panel[];
}
interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: Panel[];
}

const files = readdirSync(new URL("../../../../grafana/dashboards", import.meta.url)).filter((f) =>
  f.endsWith(".json"),
);
const dashboards = files.map((file) => ({
  file,
  dashboard: JSON.parse(readRepoFile(`grafana/dashboards/${file}`)) as Dashboard,
}));
const datasources = readRepoYaml<{ datasources: { uid: string; type: string; url: string }[] }>(
  "grafana/provisioning/datasources/prometheus.yml",
).datasources;

/** Panels including those nested in collapsed rows. */
const allPanels = (d: Dashboard) => d.panels.flatMap((p) => [p, ...(p.panels ?? [])]);

describe("grafana dashboards", () => {
  it("are generated from the definitions (run `npm run dashboards -w @tps/ops` after editing them)", () => {
    expect(files.sort()).toEqual(Object.keys(DASHBOARD_FILES).sort());
    for (const [file, dashboard] of Object.entries(DASHBOARD_FILES)) {
      // Compared as data: Biome may reformat the file.
      expect(JSON.parse(readRepoFile(`grafana/dashboards/${file}`)), file).toEqual(
        JSON.parse(renderDashboardFile(dashboard)),
      );
    }
  });

  it("use the current schema version and unique uids", () => {
    for (const { file, dashboard } of dashboards) {
      expect(dashboard.schemaVersion, file).toBe(SCHEMA_VERSION);
      expect(dashboard.uid, file).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
    }
    expect(new Set(dashboards.map((d) => d.dashboard.uid)).size).toBe(dashboards.length);
  });

  it("refer only to the provisioned data source", () => {
    const provisioned = new Map(datasources.map((d) => [d.uid, d.type]));
    for (const { file, dashboard } of dashboards) {
      for (const panel of allPanels(dashboard)) {
        const refs = [panel.datasource, ...(panel.targets ?? []).map((t) => t.datasource)].filter(Boolean);
        if (panel.type !== "row") expect(refs.length, `${file}: ${panel.title}`).toBeGreaterThan(0);
        for (const ref of refs) {
          expect(provisioned.get(ref!.uid), `${file}: ${panel.title} → ${ref!.uid}`).toBe(ref!.type);
        }
      }
    }
  });

  it("have unique panel ids and unique refIds per panel", () => {
    for (const { file, dashboard } of dashboards) {
      const ids = allPanels(dashboard).map((p) => p.id);
      expect(new Set(ids).size, file).toBe(ids.length);
      for (const panel of allPanels(dashboard)) {
        const refs = (panel.targets ?? []).map((t) => t.refId);
        expect(new Set(refs).size, panel.title).toBe(refs.length);
      }
    }
  });

  it("place panels inside the 24-column grid without overlaps", () => {
    for (const { file, dashboard } of dashboards) {
      const panels = allPanels(dashboard);
      for (const { title, gridPos: g } of panels) {
        expect(g.x >= 0 && g.y >= 0 && g.w >= 1 && g.h >= 1, `${file}: ${title}`).toBe(true);
        expect(g.x + g.w, `${file}: ${title} overflows`).toBeLessThanOrEqual(GRID_COLUMNS);
      }
      for (const [i, a] of panels.entries()) {
        for (const b of panels.slice(i + 1)) {
          const overlap =
            a.gridPos.x < b.gridPos.x + b.gridPos.w &&
            b.gridPos.x < a.gridPos.x + a.gridPos.w &&
            a.gridPos.y < b.gridPos.y + b.gridPos.h &&
            b.gridPos.y < a.gridPos.y + a.gridPos.h;
          expect(overlap, `${file}: "${a.title}" overlaps "${b.title}"`).toBe(false);
        }
      }
    }
  });

  it("give every non-row panel at least one non-empty query", () => {
    for (const { file, dashboard } of dashboards) {
      for (const panel of allPanels(dashboard).filter((p) => p.type !== "row")) {
        expect(panel.targets?.length, `${file}: ${panel.title}`).toBeGreaterThan(0);
        for (const target of panel.targets!) expect(target.expr.trim()).not.toBe("");
      }
    }
  });

  it("filter by the instance, queue and task type variables and use Grafana's rate interval", () => {
    for (const { file, dashboard } of dashboards) {
      const variables = (
        dashboard as unknown as {
          templating: { list: { name: string; query: unknown; multi: boolean; includeAll: boolean }[] };
        }
      ).templating.list;
      expect(
        variables.map((v) => v.name),
        file,
      ).toEqual(["instance", "queue", "task_type"]);
      expect(variables.find((v) => v.name === "task_type")).toMatchObject({
        query: "label_values(tasks_processed_total, task_type)",
        multi: true,
        includeAll: true,
      });
      const exprs = allPanels(dashboard).flatMap((p) => (p.targets ?? []).map((t) => t.expr));
      const contract = new Set<string>(Object.values(CONTRACT_QUERIES));
      for (const expr of exprs.filter((e) => !contract.has(e)))
        expect(expr, file).not.toMatch(/\[\d+[smh]\]/);
      expect(exprs.some((e) => e.includes('instance=~"$instance"'))).toBe(true);
      expect(exprs.some((e) => e.includes('queue=~"$queue"'))).toBe(true);
      // Every throughput and latency query on the consumers' typed series follows the selection,
      // except the contract queries, kept as they are.
      const typed = exprs.filter(
        (e) => !contract.has(e) && /tasks_processed_total|task_execution_seconds_bucket/.test(e),
      );
      expect(typed.length).toBeGreaterThan(5);
      for (const expr of typed) expect(expr, file).toContain('task_type=~"$task_type"');
      expect(exprs).toContain(
        'sum by (task_type) (rate(tasks_processed_total{status="success", task_type=~"$task_type"}[$__rate_interval]))',
      );
    }
  });

  it("keep the two contract queries exactly, and cover the pipeline end to end", () => {
    const exprs = dashboards.flatMap(({ dashboard }) =>
      allPanels(dashboard).flatMap((p) => (p.targets ?? []).map((t) => t.expr)),
    );
    expect(exprs).toContain('rate(tasks_processed_total{status="success"}[1m])');
    expect(exprs).toContain("rate(task_execution_seconds_sum[1m]) / rate(task_execution_seconds_count[1m])");
    expect(Object.values(CONTRACT_QUERIES).every((q) => exprs.includes(q))).toBe(true);
    const uses = (fragment: string) => exprs.some((e) => e.includes(fragment));
    for (const fragment of [
      'sum by (status) (rate(tasks_processed_total{task_type=~"$task_type"}[$__rate_interval]))', // by outcome
      "sum by (task_type) (rate(tasks_processed_total", // throughput per task type
      "task_type_tasks", // waiting per type (the web's gauges)
      "task_type_workers_online",
      "tasks_created_total", // created rate
      "task_queue_wait_seconds_bucket",
      "task_processing_seconds_bucket",
      "task_execution_seconds_bucket",
      "consumer_tasks_in_flight",
      "task_queue_depth",
      "consumer_batch_size",
      "task_cancel_latency_seconds_bucket",
      "consumer_errors_total",
      "by (instance)", // per-consumer breakdown
      "rabbitmq_queue_messages_ready", // the broker's own view
      "rabbitmq_global_messages_delivered_total",
      ".dead", // dead-letter depth
      "task_dead_letter_depth",
      // scheduling and limits (issue 22)
      "tasks_due_not_started",
      'tasks_processed_total{status="expired", task_type=~"$task_type"}',
      "tasks_waiting_on_limits",
      "task_limit_decisions_total",
      "schedule_ticks_total",
      "schedule_ticks_missed_total",
    ]) {
      expect(uses(fragment), fragment).toBe(true);
    }
    for (const q of ["0.5", "0.95", "0.99"]) {
      expect(
        uses(
          `histogram_quantile(${q}, sum by (le) (rate(task_execution_seconds_bucket{task_type=~"$task_type"}[$__rate_interval])))`,
        ),
      ).toBe(true);
    }
  });

  it("have a scheduling and limits row with one panel per concern, lateness on the alert's series", () => {
    const dashboard = dashboards.find((d) => d.file === "tasks-overview.json")!.dashboard;
    const rowAt = dashboard.panels.findIndex((p) => p.type === "row" && p.title === "Scheduling and limits");
    expect(rowAt).toBeGreaterThan(0);
    const nextRow = dashboard.panels.findIndex((p, i) => i > rowAt && p.type === "row");
    const row = dashboard.panels.slice(rowAt + 1, nextRow);
    expect(row.map((p) => p.title)).toEqual([
      "Due, not started",
      "Lateness of due tasks",
      "Expired",
      "Waiting on limits by type",
      "Limit decisions",
      "Schedule ticks",
    ]);
    const exprOf = (title: string) => row.find((p) => p.title === title)!.targets!.map((t) => t.expr);
    // The same series and reduction as the DueTasksLate alert.
    expect(exprOf("Lateness of due tasks")).toEqual(["max(tasks_oldest_pending_age_seconds)"]);
    expect(exprOf("Limit decisions")[0]).toMatch(
      /^sum by \(type, limit, outcome\) \(rate\(task_limit_decisions_total\{type=~"\$task_type"\}/,
    );
    expect(exprOf("Waiting on limits by type")[0]).toMatch(
      /^max by \(type, limit\) \(tasks_waiting_on_limits\{type=~"\$task_type"\}\)/,
    );
  });
});

describe("grafana provisioning", () => {
  it("provisions one default Prometheus data source at the compose service", () => {
    expect(datasources).toHaveLength(1);
    expect(datasources[0]).toMatchObject({
      uid: "prometheus",
      type: "prometheus",
      url: "http://prometheus:9090",
    });
  });

  it("loads dashboards from where docker-compose.yml mounts them", () => {
    const provider = readRepoYaml<{ providers: { type: string; options: { path: string } }[] }>(
      "grafana/provisioning/dashboards/tps.yml",
    ).providers;
    const compose = readRepoYaml<{ services: { grafana: { volumes: string[] } } }>("docker-compose.yml");
    const mount = compose.services.grafana.volumes.find((v) => v.startsWith("./grafana/dashboards:"))!;
    expect(provider).toHaveLength(1);
    expect(provider[0]!.type).toBe("file");
    expect(provider[0]!.options.path).toBe(mount.split(":")[1]);
  });
});

describe("exemplars to traces", () => {
  it("sends the Prometheus exemplars' trace_id to the provisioned Jaeger data source", () => {
    const jaeger = readRepoYaml<{ datasources: { uid: string; type: string; url: string }[] }>(
      "grafana/provisioning/datasources/jaeger.yml",
    ).datasources;
    expect(jaeger).toEqual([
      expect.objectContaining({ uid: "jaeger", type: "jaeger", url: "http://jaeger:16686" }),
    ]);
    const prometheus = readRepoYaml<{
      datasources: { jsonData: { exemplarTraceIdDestinations: { name: string; datasourceUid: string }[] } }[];
    }>("grafana/provisioning/datasources/prometheus.yml").datasources[0]!;
    expect(prometheus.jsonData.exemplarTraceIdDestinations).toEqual([
      { name: "trace_id", datasourceUid: "jaeger" },
    ]);
  });

  it("shows exemplars on the latency panels of the traced histograms", () => {
    const targets = dashboards.flatMap(({ dashboard }) =>
      allPanels(dashboard).flatMap((p) => (p.targets ?? []) as { expr: string; exemplar?: boolean }[]),
    );
    for (const histogram of ["task_execution_seconds", "trpc_request_duration_seconds"]) {
      const latency = targets.filter(
        (t) => t.expr.startsWith("histogram_quantile") && t.expr.includes(`${histogram}_bucket`),
      );
      expect(
        latency.some((t) => t.exemplar === true),
        histogram,
      ).toBe(true);
    }
  });
});
