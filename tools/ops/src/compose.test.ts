import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { COMPOSE_SECRETS } from "../../../scripts/compose-secrets.mjs";
import {
  API_COMMAND,
  API_RUNTIME,
  APP_ENV,
  CONSUMER_COMMAND,
  CONSUMER_RUNTIME,
  DEFAULT_IS_RIGHT,
} from "./app-env";
import { runtimePaths } from "./dockerfile";
import { hasBinary, REPO_ROOT, readRepoFile, readRepoYaml, repoPath } from "./repo";

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  expose?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: unknown[]; interval?: string };
  container_name?: string;
  restart?: string;
}

const compose = readRepoYaml<{ services: Record<string, Service>; volumes: Record<string, unknown> }>(
  "docker-compose.yml",
);
const services = compose.services;
const APP_SERVICES = ["migrate", "web", "api", "consumer"] as const;
const hostPort = (mapping: string) => Number(mapping.split(":").at(-2));
const containerPort = (mapping: string) => Number(mapping.split(":").at(-1));

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
    for (const name of APP_SERVICES) {
      const [bin, ...args] = services[name]!.command!;
      const script = args.at(-1);
      expect(args.slice(0, -1).every((flag: string) => flag.startsWith("--"))).toBe(true);
      expect(bin).toBe("node");
      expect(
        inImage.some((dir) => script!.startsWith(`${dir}/`)),
        `${name}: ${script} is not under a path the runtime stage copies (${inImage.join(", ")})`,
      ).toBe(true);
    }
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

  it("runs the consumer with the memory settings every launcher uses (apps/consumer/node-runtime.json)", () => {
    expect(services.consumer!.command).toEqual(CONSUMER_COMMAND);
    expect(services.consumer!.environment).toMatchObject(CONSUMER_RUNTIME.env);
    const start: string = JSON.parse(readRepoFile("apps/consumer/package.json")).scripts.start;
    expect(start).toBe(["node", ...CONSUMER_RUNTIME.nodeFlags, "dist/main.js"].join(" "));
  });

  it("runs the API server with the V8 flags every launcher uses (apps/web/api-runtime.json)", () => {
    expect(services.api!.command).toEqual(API_COMMAND);
    const start: string = JSON.parse(readRepoFile("apps/web/package.json")).scripts["start:api"];
    expect(start).toBe(["node", ...API_RUNTIME.nodeFlags, "dist/api-server.js"].join(" "));
  });

  it("sets every variable the apps read (and none they do not)", () => {
    for (const name of APP_SERVICES) {
      const env = services[name]!.environment ?? {};
      const reads: readonly string[] = APP_ENV[name];
      const missing = reads.filter((key) => !(key in env) && !DEFAULT_IS_RIGHT[name].includes(key));
      expect(missing, `${name} does not set`).toEqual([]);
      const unknown = Object.keys(env).filter((key) => !reads.includes(key));
      expect(unknown, `${name} sets variables its app never reads`).toEqual([]);
    }
  });

  it("points the apps at the compose services, with one database, queue and broker for all", () => {
    const hosts = (name: string) => {
      const env = services[name]!.environment!;
      return {
        database: env.DATABASE_URL,
        rabbitmq: env.RABBITMQ_URL && new URL(env.RABBITMQ_URL).host,
        redis: env.REDIS_URL && new URL(env.REDIS_URL).host,
        queue: env.TASK_QUEUE,
      };
    };
    expect(hosts("web")).toEqual(hosts("consumer"));
    expect(hosts("api")).toEqual(hosts("web"));
    expect(new URL(services.migrate!.environment!.DATABASE_URL!).host).toBe(
      new URL(services.web!.environment!.DATABASE_URL!).host,
    );
    const db = new URL(services.web!.environment!.DATABASE_URL!);
    expect(db.hostname).toBe("postgres");
    expect(db.pathname).toBe(`/${services.postgres!.environment!.POSTGRES_DB}`);
    expect(hosts("web").rabbitmq).toBe("rabbitmq:5672");
    expect(hosts("web").redis).toBe("redis:6379");
  });

  it("keeps the consumer scalable and its ports consistent", () => {
    const consumer = services.consumer!;
    expect(consumer.container_name).toBeUndefined();
    expect(consumer.ports, "a host port would clash between replicas").toBeUndefined();
    const port = consumer.environment!.CONSUMER_PORT!;
    expect(consumer.expose).toEqual([port]);
    expect(String(consumer.healthcheck!.test.at(-1))).toContain(`127.0.0.1:${port}/health/ready`);
  });

  it("publishes the web port it listens on and health-checks /api/health", () => {
    const web = services.web!;
    const port = Number(web.environment!.PORT);
    expect(web.ports!.map(containerPort)).toContain(port);
    expect(String(web.healthcheck!.test.at(-1))).toContain(`127.0.0.1:${port}/api/health`);
    expect(web.environment!.HOSTNAME, "the standalone server must listen on all interfaces").toBe("0.0.0.0");
  });

  it("runs the API server on the port it publishes and health-checks /api/health", () => {
    const api = services.api!;
    const port = Number(api.environment!.API_PORT);
    expect(api.ports!.map(containerPort)).toEqual([port]);
    expect(api.ports!.map(hostPort)).toEqual([port]);
    expect(String(api.healthcheck!.test.at(-1))).toContain(`127.0.0.1:${port}/api/health`);
  });

  it("lets the API server accept the console's session cookies, without the admin bootstrap secrets", () => {
    const web = services.web!.environment!;
    const api = services.api!.environment!;
    // One signing secret and one public address: the same cookie name, signature and origin check.
    expect(api.AUTH_SECRET).toBe(web.AUTH_SECRET);
    expect(api.AUTH_URL).toBe(web.AUTH_URL);
    // The web process creates the first admin and ADMIN_API_KEY; the API server has no use for them.
    expect(Object.keys(api).filter((key) => key.startsWith("ADMIN_"))).toEqual([]);
  });

  it("publishes no host port twice", () => {
    const used = Object.values(services).flatMap((s) => (s.ports ?? []).map(hostPort));
    expect(new Set(used).size).toBe(used.length);
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

  it("mounts the RabbitMQ config after the image defaults and enables the Prometheus plugin", () => {
    const volumes = services.rabbitmq!.volumes!;
    expect(volumes).toContain("./ops/rabbitmq/rabbitmq.conf:/etc/rabbitmq/conf.d/20-tps.conf:ro");
    expect(volumes).toContain("./ops/rabbitmq/enabled_plugins:/etc/rabbitmq/enabled_plugins:ro");
  });

  it("sends the apps' traces to Jaeger over OTLP, and keeps its UI on the loopback address", () => {
    const jaeger = services.jaeger!;
    for (const name of ["web", "api", "consumer"]) {
      const endpoint = new URL(services[name]!.environment!.OTEL_EXPORTER_OTLP_ENDPOINT!);
      expect(endpoint.host, name).toBe("jaeger:4318");
    }
    expect(jaeger.expose).toContain("4318");
    expect(jaeger.ports).toEqual(["127.0.0.1:16686:16686"]);
    expect(services.prometheus!.command).toContain("--enable-feature=exemplar-storage");
  });

  it("opens Grafana on a provisioned dashboard without a login", () => {
    const grafana = services.grafana!;
    const env = grafana.environment!;
    expect(env.GF_AUTH_ANONYMOUS_ENABLED).toBe("true");
    const mount = grafana.volumes!.find((v) => v.startsWith("./grafana/dashboards:"))!;
    const target = mount.split(":")[1]!;
    const home = env.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH!;
    expect(home.startsWith(`${target}/`)).toBe(true);
    expect(existsSync(repoPath("grafana/dashboards", home.slice(target.length + 1)))).toBe(true);
    expect(grafana.volumes).toContain("./grafana/provisioning:/etc/grafana/provisioning:ro");
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

  it("holds no credential: every password and secret is a variable that npm run compose:secrets writes to .env", () => {
    const text = readRepoFile("docker-compose.yml");
    const referenced = new Set([...text.matchAll(/\$\{([A-Z_]+)(?::[?-][^}]*)?\}/g)].map((m) => m[1]!));
    // Have safe defaults (the tool links: the host ports published below).
    const optional = new Set(["AUTH_URL", "ADMIN_EMAIL", "GRAFANA_URL", "RABBITMQ_MANAGEMENT_URL"]);
    const required = [...referenced].filter((name) => !optional.has(name)).sort();
    expect(required).toEqual(Object.keys(COMPOSE_SECRETS).sort());
    const secretKeys = /PASSWORD|PASS$|SECRET/;
    for (const [name, service] of Object.entries(services)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (secretKeys.test(key)) expect(value, `${name}.${key}`).toMatch(/^\$\{[A-Z_]+(:\?[^}]*)?\}$/);
        if (/^(postgresql|amqp):/.test(value)) {
          expect(decodeURIComponent(new URL(value).password), `${name}.${key}`).toMatch(/^\$\{[A-Z_]+\}$/);
        }
      }
    }
  });

  it("runs the apps as a database role that owns nothing; only migrate runs as the owner", () => {
    const owner = services.postgres!.environment!.POSTGRES_USER;
    expect(new URL(services.migrate!.environment!.DATABASE_URL!).username).toBe(owner);
    for (const app of ["web", "api", "consumer"]) {
      const user = new URL(services[app]!.environment!.DATABASE_URL!).username;
      expect(user, app).not.toBe(owner);
      expect(readRepoFile("ops/postgres/init-app-role.sh")).toContain(`CREATE ROLE ${user} LOGIN`);
    }
    expect(services.postgres!.volumes).toContain(
      "./ops/postgres/init-app-role.sh:/docker-entrypoint-initdb.d/10-app-role.sh:ro",
    );
  });

  it("publishes admin interfaces on 127.0.0.1 only, and keeps Prometheus' lifecycle API off", () => {
    for (const name of ["rabbitmq", "prometheus", "grafana"]) {
      for (const mapping of services[name]!.ports ?? []) expect(mapping, name).toMatch(/^127\.0\.0\.1:/);
    }
    expect(services.prometheus!.command).not.toContain("--web.enable-lifecycle");
  });
});
