import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { COMPOSE_SECRETS } from "../../../scripts/compose-secrets.mjs";
import { APP_SERVICES, compose, services } from "./compose-services";
import { runtimePaths } from "./dockerfile";
import { hasBinary, REPO_ROOT, repoPath } from "./repo";
import { expectNodeScriptInImage } from "./testing/image-command";

// The system's services: one image, runnable commands, healthchecks, start-up order and mounts.
describe("docker-compose.yml", () => {
  it("has every service of the system", () => {
    expect(Object.keys(services).sort()).toEqual(
      [
        "api",
        "consumer",
        "grafana",
        "jaeger",
        "migrate",
        "postgres",
        "prometheus",
        "rabbitmq",
        "redis",
        "web",
        "deps-postgres",
        "deps-rabbitmq",
        "deps-redis",
      ].sort(),
    );
  });

  it("builds web, api, consumer and migrate from the one Dockerfile into one image", () => {
    const images = new Set(APP_SERVICES.map((name) => services[name]!.image));
    expect(images.size).toBe(1);
    for (const name of APP_SERVICES) {
      expect(services[name]!.build).toEqual({ context: ".", dockerfile: "Dockerfile" });
    }
  });

  it("runs commands that exist in the runtime image", () => {
    const inImage = runtimePaths();
    expect(services.migrate!.command).toEqual(["node", "packages/db/scripts/deploy.mjs"]);
    for (const name of APP_SERVICES) expectNodeScriptInImage(services[name]!.command!, inImage, name);
  });

  it("gives every long-running service a healthcheck in exec form", () => {
    for (const [name, service] of Object.entries(services)) {
      if (name === "migrate") {
        expect(service.healthcheck, "migrate is one-shot").toBeUndefined();
        expect(service.restart).toBe("no");
        continue;
      }
      expect(service.healthcheck, name).toBeDefined();
      const test = service.healthcheck!.test;
      expect(["CMD", "CMD-SHELL"], name).toContain(test[0]);
      // A YAML slip (an unquoted "a ? b : c") turns an item into a map: every item must be a string.
      for (const part of test) expect(typeof part, `${name}: ${JSON.stringify(part)}`).toBe("string");
    }
  });

  it("orders start-up with depends_on conditions that can be met", () => {
    const expected: Record<string, Record<string, string>> = {
      migrate: { postgres: "service_healthy" },
      web: {
        migrate: "service_completed_successfully",
        rabbitmq: "service_healthy",
        redis: "service_healthy",
      },
      api: {
        migrate: "service_completed_successfully",
        rabbitmq: "service_healthy",
        redis: "service_healthy",
      },
      consumer: {
        migrate: "service_completed_successfully",
        rabbitmq: "service_healthy",
        redis: "service_healthy",
      },
      grafana: { prometheus: "service_healthy" },
    };
    for (const [name, service] of Object.entries(services)) {
      const deps = Object.fromEntries(
        Object.entries(service.depends_on ?? {}).map(([dep, { condition }]) => [dep, condition]),
      );
      expect(deps, name).toEqual(expected[name] ?? {});
      for (const [dep, condition] of Object.entries(deps)) {
        expect(services[dep], `${name} depends on unknown ${dep}`).toBeDefined();
        if (condition === "service_healthy") expect(services[dep]!.healthcheck, dep).toBeDefined();
      }
    }
  });

  it("mounts files that exist, and declares its named volumes", () => {
    for (const [name, service] of Object.entries(services)) {
      for (const volume of service.volumes ?? []) {
        const [source] = volume.split(":");
        if (source!.startsWith(".")) expect(existsSync(repoPath(source!)), `${name}: ${source}`).toBe(true);
        else expect(compose.volumes, `${name}: volume ${source}`).toHaveProperty(source!);
      }
    }
  });

  it.skipIf(!hasBinary("docker-compose"))(
    "passes `docker-compose config` (skipped when the docker-compose binary is not installed)",
    () => {
      for (const files of [
        ["docker-compose.yml"],
        ["docker-compose.yml", "ops/docker-compose.npm-start.yml"],
      ]) {
        const result = spawnSync("docker-compose", [...files.flatMap((f) => ["-f", f]), "config", "-q"], {
          cwd: REPO_ROOT,
          encoding: "utf8",
          // What `npm run compose:secrets` writes to .env (the file itself is not in the repository).
          env: { ...process.env, ...Object.fromEntries(Object.keys(COMPOSE_SECRETS).map((k) => [k, "x"])) },
        });
        expect(result.status, `${files.join(" + ")}: ${result.stderr}`).toBe(0);
      }
    },
    30_000, // two runs of a Python CLI: ~3 s each, more on a busy machine
  );
});
