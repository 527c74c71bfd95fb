#!/usr/bin/env node
// `npm run compose:secrets`: writes `.env` beside docker-compose.yml with fresh random secrets
// (Compose reads it for the ${VAR} references; the file is gitignored). Refuses to overwrite an
// existing file: the database keeps the passwords of its first start. `--print` writes to stdout.
import { randomBytes } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
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
};

export function composeEnv() {
  const secret = () => randomBytes(24).toString("base64url");
  return Object.entries(COMPOSE_SECRETS)
    .map(([name, what]) => `# ${what}\n${name}=${secret()}\n`)
    .join("");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = composeEnv();
  if (process.argv.includes("--print")) process.stdout.write(text);
  else {
    const file = join(dirname(fileURLToPath(import.meta.url)), "../.env");
    if (existsSync(file)) {
      console.error(`${file} exists: keeping it (delete it and the volumes to start afresh)`);
      process.exit(1);
    }
    writeFileSync(file, text, { mode: 0o600 });
    console.log(`wrote ${file}; the console admin's password is ADMIN_PASSWORD in it`);
  }
}
