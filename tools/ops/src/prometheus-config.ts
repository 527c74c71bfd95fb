import { parse, stringify } from "yaml";
import { readRepoFile } from "./repo";

export interface ScrapeConfig {
  job_name: string;
  metrics_path?: string;
  static_configs?: { targets: string[] }[];
  dns_sd_configs?: { names: string[]; type: string; port: number }[];
}

export interface PrometheusConfig {
  global: Record<string, string>;
  rule_files: string[];
  scrape_configs: ScrapeConfig[];
}

export const readPrometheusConfig = (file: string) =>
  parse(readRepoFile(`ops/prometheus/${file}`)) as PrometheusConfig;

/** The jobs the system's own apps expose (the dashboards and alert rules are built on them). */
export const APP_JOBS = ["web", "consumer"] as const;

/**
 * The config for a Prometheus on this host, derived from the local template
 * (ops/prometheus/prometheus.local.yml, itself the compose config with host targets): same jobs,
 * paths and rule file; other targets, a faster scrape and an absolute rule path.
 */
export function localScrapeConfig(options: {
  web: string;
  consumer: string;
  scrapeInterval: string;
  rulesPath: string;
}): string {
  const config = readPrometheusConfig("prometheus.local.yml");
  config.global = {
    ...config.global,
    scrape_interval: options.scrapeInterval,
    scrape_timeout: options.scrapeInterval,
    evaluation_interval: options.scrapeInterval,
  };
  config.rule_files = [options.rulesPath];
  for (const job of config.scrape_configs) {
    if (job.job_name === "web") job.static_configs = [{ targets: [options.web] }];
    if (job.job_name === "consumer") job.static_configs = [{ targets: [options.consumer] }];
  }
  return stringify(config);
}

export interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

interface RuleFile {
  groups: { name: string; rules: Rule[] }[];
}

/** Every rule in ops/prometheus/alerts.yml. */
export const alertRules = (): Rule[] =>
  (parse(readRepoFile("ops/prometheus/alerts.yml")) as RuleFile).groups.flatMap((g) => g.rules);

/** Every alert (and recording) rule expression in ops/prometheus/alerts.yml. */
export function alertExpressions(): { name: string; expr: string }[] {
  return alertRules().map((r) => ({ name: r.alert ?? r.record!, expr: r.expr.trim() }));
}
