import { describe, expect, it } from "vitest";
import { COMPOSE_SECRETS } from "../../../scripts/compose-secrets.mjs";
import { services } from "./compose-services";
import { readRepoFile } from "./repo";

// No credential in the file, apps on a role that owns nothing, admin interfaces on the loopback only.
describe("docker-compose.yml: credentials and exposure", () => {
  it("holds no credential: every password and secret is a variable that npm run compose:secrets writes to .env", () => {
    const text = readRepoFile("docker-compose.yml");
    const referenced = new Set([...text.matchAll(/\$\{([A-Z_]+)(?::[?-][^}]*)?\}/g)].map((m) => m[1]!));
    // Have safe defaults (the tool links: the host ports published below).
    const optional = new Set([
      ...["AUTH_URL", "ADMIN_EMAIL", "GRAFANA_URL", "RABBITMQ_MANAGEMENT_URL"],
      // The deps profile's host ports (their defaults are the ones the URLs in .env name).
      ...["POSTGRES_HOST_PORT", "RABBITMQ_HOST_PORT", "REDIS_HOST_PORT"],
    ]);
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
