import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { alertExpressions, alertRules, localScrapeConfig, readPrometheusConfig } from "./prometheus-config";
import { readRepoFile, readRepoYaml } from "./repo";

const compose = readPrometheusConfig("prometheus.yml");
const job = (config: typeof compose, name: string) => config.scrape_configs.find((j) => j.job_name === name);

describe("prometheus config", () => {
  it("scrapes web and every consumer replica through Docker's DNS", () => {
    expect(job(compose, "web")).toMatchObject({
      metrics_path: "/api/metrics",
      static_configs: [{ targets: ["web:3000"] }],
    });
    const services = readRepoYaml<{ services: Record<string, { environment?: Record<string, string> }> }>(
      "docker-compose.yml",
    ).services;
    const consumerPort = Number(services.consumer!.environment!.CONSUMER_PORT);
    expect(job(compose, "consumer")).toMatchObject({
      metrics_path: "/metrics",
      dns_sd_configs: [{ names: ["consumer"], type: "A", port: consumerPort }],
    });
    expect(Number(services.web!.environment!.PORT)).toBe(3000);
  });

  it("keeps the host variants in step with the compose config (jobs, paths, rules)", () => {
    for (const file of ["prometheus.local.yml", "prometheus.npm-start.yml"]) {
      const variant = readPrometheusConfig(file);
      expect(variant.rule_files, file).toEqual(compose.rule_files);
      // npm start also runs the API server; prometheus.local.yml serves tests that start web + consumer.
      const jobs = file === "prometheus.npm-start.yml" ? ["web", "api", "consumer"] : ["web", "consumer"];
      for (const name of jobs) {
        expect(job(variant, name)?.metrics_path, `${file}: ${name}`).toBe(job(compose, name)?.metrics_path);
      }
    }
  });

  it("derives a local scrape config with the given targets and interval", () => {
    const config = parse(
      localScrapeConfig({
        web: "127.0.0.1:3200",
        consumer: "127.0.0.1:9566",
        scrapeInterval: "1s",
        rulesPath: "/x/alerts.yml",
      }),
    ) as typeof compose;
    expect(config.global.scrape_interval).toBe("1s");
    expect(config.rule_files).toEqual(["/x/alerts.yml"]);
    expect(job(config, "web")).toEqual({
      job_name: "web",
      metrics_path: "/api/metrics",
      static_configs: [{ targets: ["127.0.0.1:3200"] }],
    });
    expect(job(config, "consumer")?.static_configs).toEqual([{ targets: ["127.0.0.1:9566"] }]);
  });

  it("has an alert for each failure an operator must hear about", () => {
    const names = alertExpressions().map((a) => a.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "TaskBacklogGrowingWithoutConsumer",
        "TaskFailureRateHigh",
        "TaskEndToEndLatencyHigh",
        "ConsumerDown",
        "NoConsumerRunning",
        "TasksDeadLettered",
        "PendingTaskTooOld",
        "TasksProcessingPastLease",
        "ReconcilerNotRunning",
        "TaskTypeWithoutWorker",
        "DueTasksLate",
        "ScheduleTicksMissed",
        "TaskLimitsUnavailable",
      ]),
    );
  });

  it("alerts per task type when its tasks wait with no worker online for 5 minutes, naming the type", () => {
    const rule = alertRules().find((r) => r.alert === "TaskTypeWithoutWorker")!;
    expect(rule).toMatchObject({ for: "5m", labels: { severity: expect.any(String) } });
    // Every web and API server process reports the same counts: one alert per type, not per process.
    expect(rule.expr).toContain('max by (task_type) (task_type_tasks{status="PENDING"}) > 0');
    expect(rule.expr).toContain("and on (task_type) max by (task_type) (task_type_workers_online) == 0");
    expect(rule.annotations?.summary).toBe("No worker for type {{ $labels.task_type }}");
    // Its behaviour (fires at 5 minutes, once per type, not when a worker returns) is tested by
    // promtool with ops/prometheus/alerts.test.yml, in prometheus.int.test.ts.
  });

  it("alerts when due tasks are more than a minute late, on the gauge the dashboard shows", () => {
    const rule = alertRules().find((r) => r.alert === "DueTasksLate")!;
    expect(rule).toMatchObject({ for: "1m", labels: { severity: "warning" } });
    // Every consumer reports the same database gauge: one alert, not one per consumer.
    expect(rule.expr).toMatch(/^max\(tasks_oldest_pending_age_seconds\) > 60\s/);
    expect(rule.expr).toContain("unless on() max(tasks_processing_paused) == 1");
    expect(rule.annotations?.runbook).toBe("docs/operations.md#runbook-scheduling-and-limits");
  });

  it("alerts on missed schedule ticks, including a catch-up made before the first scrape", () => {
    const rule = alertRules().find((r) => r.alert === "ScheduleTicksMissed")!;
    expect(rule.expr).toContain("sum(increase(schedule_ticks_missed_total[10m])) > 0");
    expect(rule.expr).toContain("unless schedule_ticks_missed_total offset 10m");
    // When each fires and clears is tested by promtool (alerts.test.yml, prometheus.int.test.ts).
  });

  it("points every runbook annotation at a heading that exists in the docs", () => {
    // GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes.
    const anchorsOf = (file: string) =>
      readRepoFile(file)
        .split("\n")
        .filter((line) => /^#{1,6} /.test(line))
        .map((line) =>
          line
            .replace(/^#+ /, "")
            .toLowerCase()
            .replace(/[^a-z0-9 _-]/g, "")
            .replaceAll(" ", "-"),
        );
    const runbooks = alertRules().flatMap((r) => (r.annotations?.runbook ? [r.annotations.runbook] : []));
    expect(runbooks.length).toBeGreaterThanOrEqual(2);
    for (const runbook of runbooks) {
      const [file, anchor] = runbook.split("#");
      expect(anchorsOf(file!), runbook).toContain(anchor);
    }
  });
});
