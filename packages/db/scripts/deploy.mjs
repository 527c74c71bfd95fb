#!/usr/bin/env node
// Creates the database named in DATABASE_URL when it is missing, then applies migrations with
// `prisma migrate deploy`. Used by `npm start`, the compose migrate step and the test setup.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { appliedMigrations, ensureDatabase } from "./ensure-database.mjs";

const url = process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/tps";
const root = dirname(dirname(fileURLToPath(import.meta.url)));

try {
  const created = await ensureDatabase(url);
  if (created) console.log(`created database ${new URL(url).pathname.slice(1)}`);
} catch (error) {
  console.error(`database: cannot reach PostgreSQL at ${redact(url)}: ${error.message}`);
  process.exit(1);
}

// `migrate deploy` lingers ~10 s on a timer of its WASM engine even when there is nothing to do,
// so skip it when every migration folder is already applied (the common `npm start` case).
const folders = readdirSync(join(root, "prisma/migrations"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const applied = await appliedMigrations(url);
if (folders.every((name) => applied.has(name))) {
  console.log(`database up to date (${folders.length} migrations applied)`);
  process.exit(0);
}

const result = spawnSync("npx", ["prisma", "migrate", "deploy"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: url },
});
process.exit(result.status ?? 1);

function redact(u) {
  const parsed = new URL(u);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}
