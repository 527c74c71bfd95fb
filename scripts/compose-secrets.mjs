#!/usr/bin/env node
// `npm run compose:secrets`: writes `.env` beside docker-compose.yml with fresh random secrets
// (Compose reads it for the ${VAR} references; the file is gitignored), the profile a plain
// `docker compose up` starts (app: the whole system), and the URLs `npm start` uses to reach the
// `deps` profile's services on 127.0.0.1. An existing file keeps its values (the database keeps the
// passwords of its first start): only the entries it lacks are appended, so a checkout that gained a
// secret needs no fresh start. `--print` writes to stdout.
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Every variable docker-compose.yml requires, with how to make a value for it. */
export const COMPOSE_SECRETS = {
  POSTGRES_PASSWORD: "the database owner (runs migrations only)",
  APP_DB_PASSWORD: "tps_app, the role web and consumer use (no DDL)",
  RABBITMQ_PASSWORD: "the broker user tps",
  AUTH_SECRET: "signs console sessions",
  ADMIN_PASSWORD: "the first console admin (ADMIN_EMAIL, default admin@tps.local)",
  GRAFANA_ADMIN_PASSWORD: "Grafana's admin (anonymous viewers need none)",
  METRICS_TOKEN: "the bearer token Prometheus sends to web, api and consumer /metrics",
};

/**
 * Settings beside the secrets, each made from the secrets' values: Compose's default profile, and
 * what `npm start` on the host reads to reach `docker compose --profile deps up -d` (the database
 * owner, as `npm start` applies migrations; the deps profile publishes on the default ports).
 */
export const COMPOSE_SETTINGS = {
  COMPOSE_PROFILES: { about: "what `docker compose up` starts: app is the whole system", value: () => "app" },
  DATABASE_URL: {
    about: "npm start against the deps profile (docker compose --profile deps up -d)",
    value: (v) => `postgresql://postgres:${v.POSTGRES_PASSWORD}@127.0.0.1:5432/tps`,
  },
  RABBITMQ_URL: {
    about: "npm start against the deps profile",
    value: (v) => `amqp://tps:${v.RABBITMQ_PASSWORD}@127.0.0.1:5672`,
  },
  REDIS_URL: { about: "npm start against the deps profile", value: () => "redis://127.0.0.1:6379" },
};

/** The `NAME=value` entries of a `.env` text. */
export function parseEntries(text) {
  return Object.fromEntries(
    [...text.matchAll(/^\s*([A-Z_][A-Z0-9_]*)=(.*)$/gm)].map((m) => [m[1], m[2].trim()]),
  );
}

/** What `npm start` takes from a `.env` text: the deps profile's URLs the environment does not set. */
export function urlsForStart(text, environment) {
  const entries = parseEntries(text);
  const names = ["DATABASE_URL", "RABBITMQ_URL", "REDIS_URL"].filter((n) => !environment[n] && entries[n]);
  return Object.fromEntries(names.map((name) => [name, entries[name]]));
}

/** Entries for what an existing `.env` text does not set yet ("" when it has everything). */
export function missingSecrets(existing) {
  const values = parseEntries(existing);
  let added = "";
  for (const name of Object.keys(COMPOSE_SECRETS)) {
    if (name in values) continue;
    values[name] = randomBytes(24).toString("base64url");
    added += `# ${COMPOSE_SECRETS[name]}\n${name}=${values[name]}\n`;
  }
  for (const [name, setting] of Object.entries(COMPOSE_SETTINGS)) {
    if (!(name in values)) added += `# ${setting.about}\n${name}=${setting.value(values)}\n`;
  }
  return added;
}

export function composeEnv() {
  return missingSecrets("");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--print")) process.stdout.write(composeEnv());
  else {
    const file = join(dirname(fileURLToPath(import.meta.url)), "../.env");
    if (!existsSync(file)) {
      writeFileSync(file, composeEnv(), { mode: 0o600 });
      console.log(`wrote ${file}; the console admin's password is ADMIN_PASSWORD in it`);
    } else {
      const text = readFileSync(file, "utf8");
      const added = missingSecrets(text);
      if (added) appendFileSync(file, `${text.endsWith("\n") || !text ? "" : "\n"}${added}`);
      const names = [...added.matchAll(/^([A-Z_0-9]+)=/gm)].map((m) => m[1]);
      console.log(
        names.length
          ? `${file} exists: kept its values, added ${names.join(", ")}`
          : `${file} exists and has every secret: kept it (delete it and the volumes to start afresh)`,
      );
    }
  }
}
