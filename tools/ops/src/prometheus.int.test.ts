// A real Prometheus against the real system: promtool accepts the shipped config and rules; the
// system runs as `npm start` runs it (own database and queue, ports 3200/9566); a short load-test
// smoke run through the CLI makes traffic (with cancels and failing tasks); then every PromQL
// expression of every dashboard panel and alert rule runs through Prometheus' HTTP API.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTasksClient } from "@tps/api/client";
import type { LoadTestReport } from "@tps/loadtest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertExpressions, localScrapeConfig } from "./prometheus-config";
import { readRepoFile, repoPath } from "./repo";
import { promtool, startPrometheus } from "./testing/prometheus-server";
import { sleep, startSystem } from "./testing/system";

const WEB_PORT = 3200;
const CONSUMER_PORT = 9566;
const PROMETHEUS_PORT = 9390;
const WORK_MS = 1_000;

/**
 * Grafana's own placeholders, as Grafana fills them in: the rate interval is at least four scrape
 * intervals (5 s here, so 1m is safe), and a variable set to "All" matches everything.
 */
const asGrafanaSendsIt = (expr: string) =>
  expr
    .replaceAll("$__rate_interval", "1m")
    .replaceAll("$instance", ".*")
    .replaceAll("$queue", ".*")
    .replaceAll("$task_type", ".*");

/**
 * The broker's own metrics come from RabbitMQ's prometheus plugin, which the compose stack enables
 * and this machine's broker does not: their queries must be valid, and need not have data here.
 */
const needsBrokerPlugin = (expr: string) => expr.includes("rabbitmq_");

/** Every target expression of every panel of every shipped dashboard JSON. */
function dashboardExpressions() {
  const dir = repoPath("grafana/dashboards");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .flatMap((file) => {
      const dashboard = JSON.parse(readFileSync(join(dir, file), "utf8")) as {
        panels: {
          title: string;
          targets?: { expr: string }[];
          panels?: { title: string; targets?: { expr: string }[] }[];
        }[];
      };
      return dashboard.panels
        .flatMap((p) => [p, ...(p.panels ?? [])])
        .flatMap((p) =>
          (p.targets ?? []).map((t) => ({ name: `${file}: ${p.title}`, expr: asGrafanaSendsIt(t.expr) })),
        );
    });
}

describe("promtool", () => {
  it("accepts the shipped Prometheus configs", () => {
    // The compose configs read METRICS_TOKEN from the file docker-compose.yml writes in the
    // container (/run/tps/metrics-token), which promtool wants to exist: a stand-in here.
    const dir = mkdtempSync(join(tmpdir(), "tps-promtool-"));
    try {
      writeFileSync(join(dir, "metrics-token"), "stand-in");
      copyFileSync(repoPath("ops/prometheus/alerts.yml"), join(dir, "alerts.yml"));
      for (const file of ["prometheus.yml", "prometheus.local.yml", "prometheus.npm-start.yml"]) {
        const text = readRepoFile(`ops/prometheus/${file}`);
        writeFileSync(join(dir, file), text.replaceAll("/run/tps/metrics-token", join(dir, "metrics-token")));
        const result = promtool("check", "config", join(dir, file));
        expect(result.status, result.output).toBe(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("accepts the alert rules", () => {
    const result = promtool("check", "rules", repoPath("ops/prometheus/alerts.yml"));
    expect(result.status, result.output).toBe(0);
    expect(result.output).toMatch(/SUCCESS: \d+ rules found/);
  });

  it("passes the alert rules' unit tests (ops/prometheus/alerts.test.yml)", () => {
    const result = promtool("test", "rules", repoPath("ops/prometheus/alerts.test.yml"));
    expect(result.status, result.output).toBe(0);
    expect(result.output).toContain("SUCCESS");
  });
});

describe("dashboards and alerts against a real Prometheus scraping the running system", () => {
  const cleanups: (() => Promise<void>)[] = [];
  let system: Awaited<ReturnType<typeof startSystem>>;
  let prometheus: Awaited<ReturnType<typeof startPrometheus>>;
  let outDir: string;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), "tps-loadtest-"));
    cleanups.push(async () => rmSync(outDir, { recursive: true, force: true }));
    system = await startSystem({
      port: WEB_PORT,
      consumerPort: CONSUMER_PORT,
      env: {
        TASK_WORK_MS: String(WORK_MS),
        // The load test's `fail:` payloads fail only with the test hooks on (packages/worker).
        TASK_TEST_HOOKS: "1",
        // Failing tasks go through their three attempts in a few seconds.
        RETRY_BASE_MS: "100",
        RECONCILE_INTERVAL_MS: "500",
        PUBLISH_GRACE_MS: "200",
      },
    });
    cleanups.push(() => system.stop());
    prometheus = await startPrometheus(
      localScrapeConfig({
        web: `127.0.0.1:${WEB_PORT}`,
        consumer: `127.0.0.1:${CONSUMER_PORT}`,
        scrapeInterval: "1s",
        rulesPath: repoPath("ops/prometheus/alerts.yml"),
      }),
      PROMETHEUS_PORT,
    );
    cleanups.push(() => prometheus.stop());
    await Promise.all([system.ready(), prometheus.ready()]);
  }, 120_000);

  afterAll(async () => {
    // Everything started is stopped and removed, in reverse order, even when a test failed.
    const errors: unknown[] = [];
    for (const cleanup of cleanups.reverse()) await cleanup().catch((e: unknown) => errors.push(e));
    if (errors.length > 0) throw new AggregateError(errors, "cleanup failed");
  }, 60_000);

  it("scrapes web and consumer", async () => {
    for (let attempt = 0; ; attempt++) {
      const up = await prometheus.query("up");
      const jobs = (up.data?.result ?? []).filter((r) => r.value[1] === "1").map((r) => r.metric.job);
      if (jobs.includes("web") && jobs.includes("consumer")) break;
      if (attempt > 50) throw new Error(`targets not up: ${JSON.stringify(up)}`);
      await sleep(200);
    }
  });

  it("load-test CLI smoke run: 3 s at 20/s with cancels and failing tasks, report written", () => {
    const tsx = repoPath("node_modules/tsx/dist/cli.mjs");
    const result = spawnSync(
      process.execPath,
      [
        tsx,
        repoPath("tools/loadtest/src/main.ts"),
        ...["--rate", "20", "--duration", "3s", "--url", system.trpcUrl],
        ...["--cancel-ratio", "0.2", "--fail-ratio", "0.1", "--work-ms", String(WORK_MS)],
        ...["--settle-timeout", "30s", "--out", outDir, "--no-progress"],
      ],
      { encoding: "utf8", timeout: 50_000, env: { ...process.env, TPS_API_KEY: system.apiKey } },
    );
    expect(result.status, `${result.stdout}\n${result.stderr}\n${system.output()}`).toBe(0);
    const files = readdirSync(outDir);
    for (const ext of ["md", "json", "svg"])
      expect(
        files.some((f) => f.endsWith(`.${ext}`)),
        ext,
      ).toBe(true);
    const report = JSON.parse(
      readFileSync(join(outDir, files.find((f) => f.endsWith(".json"))!), "utf8"),
    ) as LoadTestReport;
    expect(report.creates).toMatchObject({ requested: 60, created: 60, failedCalls: 0 });
    expect(report.settle.timedOut).toBe(false);
    expect(report.outcomes).toMatchObject({ PENDING: 0, PROCESSING: 0, MISSING: 0 });
    expect(report.outcomes.COMPLETED + report.outcomes.CANCELED + report.outcomes.FAILED).toBe(60);
    expect(report.outcomes.FAILED).toBe(6);
    expect(report.outcomes.CANCELED).toBeGreaterThan(0);
    expect(report.endToEndSeconds.count).toBe(report.outcomes.COMPLETED);
    expect(report.endToEndSeconds.p50).toBeGreaterThanOrEqual(WORK_MS / 1000);
    expect(result.stdout).toContain("## End-to-end latency");
    expect(readFileSync(join(outDir, files.find((f) => f.endsWith(".svg"))!), "utf8")).toContain("<path");
  }, 60_000);

  it("records an API error (cancelling a finished task) for the error panels", async () => {
    const client = createTasksClient(system.trpcUrl, { apiKey: system.apiKey });
    const page = await client.tasks.list.query({ filter: { status: "COMPLETED" }, limit: 1 });
    const done = page.items[0]!;
    await expect(client.tasks.cancel.mutate({ id: done.id })).rejects.toThrow(/cancel/i);
  });

  it("has the web's task type gauges: the consumer serves sleep, whose tasks were counted", async () => {
    const value = async (expr: string) => {
      const result = await prometheus.query(expr);
      return result.data?.result.map((r) => Number(r.value[1])) ?? [];
    };
    let seen: { workers: number[]; completed: number[] } = { workers: [], completed: [] };
    for (let attempt = 0; attempt < 40; attempt++) {
      seen = {
        workers: await value('task_type_workers_online{job="web", task_type="sleep"}'),
        completed: await value('task_type_tasks{job="web", task_type="sleep", status="COMPLETED"}'),
      };
      if (seen.workers[0] === 1 && (seen.completed[0] ?? 0) > 0) break;
      await sleep(250);
    }
    expect(seen.workers).toEqual([1]);
    expect(seen.completed[0]).toBeGreaterThan(0);
    // A type with a worker and nothing stuck: the alert's expression finds nothing.
    const alert = alertExpressions().find((a) => a.name === "TaskTypeWithoutWorker")!;
    expect(await value(alert.expr)).toEqual([]);
  }, 30_000);

  it("runs every alert rule expression: all valid", async () => {
    const rules = alertExpressions();
    expect(rules.length).toBeGreaterThanOrEqual(5);
    for (const { name, expr } of rules) {
      const result = await prometheus.query(expr);
      expect(result.status, `${name}: ${result.error}`).toBe("success");
    }
  });

  it("runs every dashboard panel expression: all valid, all with data", async () => {
    const expressions = dashboardExpressions();
    expect(expressions.length).toBeGreaterThan(20);
    expect(readRepoFile("grafana/dashboards/tasks-overview.json")).toContain(
      String.raw`rate(tasks_processed_total{status=\"success\"}[1m])`,
    );
    // rate() over [1m] needs two samples of a series: newer series (the failures, the API error)
    // show up a scrape or two after the load; allow a few seconds for that.
    let empty: string[] = [];
    for (let attempt = 0; attempt < 30; attempt++) {
      empty = [];
      for (const { name, expr } of expressions) {
        const result = await prometheus.query(expr);
        expect(result.status, `${name}: ${expr}: ${result.error}`).toBe("success");
        if ((result.data?.result.length ?? 0) === 0 && !needsBrokerPlugin(expr))
          empty.push(`${name}: ${expr}`);
      }
      if (empty.length === 0) break;
      await sleep(500);
    }
    expect(empty, "panel queries without data").toEqual([]);
  }, 60_000);
});
