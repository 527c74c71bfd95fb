import { describe, expect, it } from "vitest";
import {
  COMPOSE_SECRETS,
  COMPOSE_SETTINGS,
  missingSecrets,
  parseEntries,
} from "../../../scripts/compose-secrets.mjs";
import { readPrometheusConfig } from "./prometheus-config";
import { readRepoYaml } from "./repo";

interface Service {
  entrypoint?: string[];
  command?: string[];
  environment?: Record<string, string>;
  tmpfs?: string[];
}

const services = readRepoYaml<{ services: Record<string, Service> }>("docker-compose.yml").services;
const APPS = ["web", "api", "consumer"];

interface AuthorizedJob {
  job_name: string;
  authorization?: { type?: string; credentials?: string; credentials_file?: string };
}
const jobs = (file: string) => readPrometheusConfig(file).scrape_configs as AuthorizedJob[];

describe("docker-compose.yml: metrics behind METRICS_TOKEN", () => {
  it("makes web, api and consumer require the one METRICS_TOKEN that compose:secrets writes", () => {
    expect(COMPOSE_SECRETS).toHaveProperty("METRICS_TOKEN");
    for (const name of APPS) {
      expect(services[name]!.environment!.METRICS_TOKEN, name).toMatch(/^\$\{METRICS_TOKEN:\?[^}]+\}$/);
    }
  });

  it("has Prometheus send the token to every app job, read from a file it writes from METRICS_TOKEN", () => {
    const prometheus = services.prometheus!;
    expect(prometheus.environment?.METRICS_TOKEN).toMatch(/^\$\{METRICS_TOKEN:\?[^}]+\}$/);
    const script = prometheus.entrypoint?.[2] ?? "";
    for (const file of ["prometheus.yml", "prometheus.npm-start.yml"]) {
      const apps = jobs(file).filter((j) => APPS.includes(j.job_name));
      expect(apps.length, file).toBeGreaterThanOrEqual(2);
      for (const job of apps) {
        expect(job.authorization?.credentials, `${file}: no literal token`).toBeUndefined();
        const path = job.authorization?.credentials_file;
        expect(path, `${file}: ${job.job_name}`).toMatch(/^\/run\/tps\//);
        // Written by the entrypoint (in a tmpfs: the token never lands on a volume), then Prometheus runs.
        expect(script).toContain(`"$$METRICS_TOKEN" > ${path}`);
      }
    }
    expect(prometheus.entrypoint!.slice(0, 2)).toEqual(["/bin/sh", "-c"]);
    expect(script).toMatch(/exec \/bin\/prometheus "\$\$@"$/);
    expect(prometheus.tmpfs).toContain("/run/tps");
    expect(prometheus.command![0]).toBe("--config.file=/etc/prometheus/prometheus.yml");
  });

  it("never turns on the consumer's test hooks", () => {
    for (const [name, service] of Object.entries(services))
      expect(Object.keys(service.environment ?? {}), name).not.toContain("TASK_TEST_HOOKS");
  });
});

describe("npm run compose:secrets", () => {
  it("adds only the entries an existing .env lacks, keeping the ones it has", () => {
    const existing = "# the database owner\nPOSTGRES_PASSWORD=kept\nAUTH_SECRET=also-kept\n";
    const added = missingSecrets(existing);
    const names = [...added.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]);
    expect(names.sort()).toEqual(
      [...Object.keys(COMPOSE_SECRETS), ...Object.keys(COMPOSE_SETTINGS)]
        .filter((n) => n !== "POSTGRES_PASSWORD" && n !== "AUTH_SECRET")
        .sort(),
    );
    // The URLs for `npm start` carry the password the database was first started with.
    expect(parseEntries(added).DATABASE_URL).toBe("postgresql://postgres:kept@127.0.0.1:5432/tps");
    expect(missingSecrets(existing + added)).toBe("");
  });
});
