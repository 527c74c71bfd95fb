import { describe, expect, it } from "vitest";
import {
  COMPOSE_SETTINGS,
  composeEnv,
  parseEntries,
  urlsForStart,
} from "../../../scripts/compose-secrets.mjs";
import { hostAddress, hostPort, inProfile, type Service, services } from "./compose-services";

/** A service without what the deps profile changes: its profile, published ports and volumes. */
const core = ({ profiles: _p, ports: _ports, volumes: _v, ...rest }: Service) => rest;

// `docker compose up --build` starts the app profile (COMPOSE_PROFILES=app in the .env that
// `npm run compose:secrets` writes); `docker compose --profile deps up -d` replaces it with deps:
// PostgreSQL, RabbitMQ and Redis alone, published on 127.0.0.1 for `npm start` on the host.
describe("docker-compose.yml: profiles", () => {
  it("puts every service in exactly one profile, and .env makes a plain `up` start the app one", () => {
    for (const [name, service] of Object.entries(services)) {
      expect(service.profiles, name).toHaveLength(1);
      expect(["app", "deps"], name).toContain(service.profiles![0]);
    }
    expect(parseEntries(composeEnv()).COMPOSE_PROFILES).toBe("app");
  });

  it("has no service wait for one outside its own profile", () => {
    for (const profile of ["app", "deps"]) {
      const started = inProfile(profile);
      for (const [name, service] of Object.entries(started))
        for (const dependency of Object.keys(service.depends_on ?? {}))
          expect(Object.keys(started), `${name} → ${dependency}`).toContain(dependency);
    }
  });

  it("runs in deps the app profile's PostgreSQL, RabbitMQ and Redis, on volumes of their own", () => {
    expect(Object.keys(inProfile("deps")).sort()).toEqual(["deps-postgres", "deps-rabbitmq", "deps-redis"]);
    for (const name of ["postgres", "rabbitmq", "redis"]) {
      const [app, deps] = [services[name]!, services[`deps-${name}`]!];
      expect(core(deps), name).toEqual(core(app));
      const named = (s: Service) =>
        (s.volumes ?? []).map((v) => v.split(":")[0]!).filter((v) => !v.startsWith("."));
      for (const volume of named(deps)) expect(named(app), name).not.toContain(volume);
    }
  });

  it("publishes them on 127.0.0.1, at the URLs npm start reads from .env", () => {
    const env = parseEntries(composeEnv());
    const published = (name: string) => services[name]!.ports!.map((p) => [hostAddress(p), hostPort(p)]);
    const port = (url: string) => Number(new URL(url).port);
    expect(published("deps-postgres")).toContainEqual(["127.0.0.1", port(env.DATABASE_URL!)]);
    expect(published("deps-rabbitmq")).toContainEqual(["127.0.0.1", port(env.RABBITMQ_URL!)]);
    expect(published("deps-redis")).toContainEqual(["127.0.0.1", port(env.REDIS_URL!)]);
    for (const name of Object.keys(inProfile("deps")))
      for (const [address] of published(name)) expect(address, name).toBe("127.0.0.1");
    // As the users the containers create, with the passwords .env gives them.
    const postgres = services["deps-postgres"]!.environment!;
    expect(new URL(env.DATABASE_URL!).username).toBe(postgres.POSTGRES_USER);
    expect(new URL(env.DATABASE_URL!).password).toBe(env.POSTGRES_PASSWORD);
    expect(new URL(env.RABBITMQ_URL!).username).toBe(
      services["deps-rabbitmq"]!.environment!.RABBITMQ_DEFAULT_USER,
    );
    expect(new URL(env.RABBITMQ_URL!).password).toBe(env.RABBITMQ_PASSWORD);
    expect(Object.keys(COMPOSE_SETTINGS)).toEqual(
      expect.arrayContaining(["DATABASE_URL", "RABBITMQ_URL", "REDIS_URL"]),
    );
  });

  it("has npm start take the URLs from .env only where the environment does not set them", () => {
    const text = composeEnv();
    const env = parseEntries(text);
    const mine = "postgresql://postgres@127.0.0.1:5432/mine";
    expect(urlsForStart(text, { DATABASE_URL: mine })).toEqual({
      RABBITMQ_URL: env.RABBITMQ_URL,
      REDIS_URL: env.REDIS_URL,
    });
    expect(urlsForStart("POSTGRES_PASSWORD=x\n", {})).toEqual({});
  });
});
