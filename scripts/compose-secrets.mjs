#!/usr/bin/env node
// `npm run compose:secrets`: writes `.env` beside docker-compose.yml with fresh random secrets
// (Compose reads it for the ${VAR} references; the file is gitignored). An existing file keeps its
// values (the database keeps the passwords of its first start): only the secrets it lacks are
// appended, so a checkout that gained a secret needs no fresh start. `--print` writes to stdout.
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

const entry = (name) => `# ${COMPOSE_SECRETS[name]}\n${name}=${randomBytes(24).toString("base64url")}\n`;

export function composeEnv() {
  return Object.keys(COMPOSE_SECRETS).map(entry).join("");
}

/** Entries for the secrets an existing `.env` text does not set yet ("" when it has them all). */
export function missingSecrets(existing) {
  const set = new Set([...existing.matchAll(/^\s*([A-Z_][A-Z0-9_]*)=/gm)].map((m) => m[1]));
  return Object.keys(COMPOSE_SECRETS)
    .filter((name) => !set.has(name))
    .map(entry)
    .join("");
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
