import { describe, expect, it } from "vitest";
import {
  API_COMMAND,
  API_RUNTIME,
  APP_ENV,
  CONSUMER_COMMAND,
  CONSUMER_RUNTIME,
  DEFAULT_IS_RIGHT,
} from "./app-env";
import { APP_SERVICES, containerPort, hostPort, inProfile, services } from "./compose-services";
import { readRepoFile } from "./repo";

// The apps' commands, variables and ports, the same as every other launcher gives them.
describe("docker-compose.yml: the apps", () => {
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

  it.each(["app", "deps"])("publishes no host port twice in the %s profile", (profile) => {
    const used = Object.values(inProfile(profile)).flatMap((s) => (s.ports ?? []).map(hostPort));
    expect(used.length).toBeGreaterThan(0);
    expect(new Set(used).size).toBe(used.length);
  });
});
