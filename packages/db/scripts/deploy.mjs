#!/usr/bin/env node
// Creates the database named in DATABASE_URL when it is missing, then applies migrations with
// `prisma migrate deploy`. Used by `npm start`, the compose migrate step and the test setup.
import { spawnSync } from "node:child_process";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureDatabase } from "./ensure-database.mjs";

const url = process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/tps";
const root = dirname(dirname(fileURLToPath(import.meta.url)));

try {
  const created = await ensureDatabase(url);
  if (created) console.log(`created database ${new URL(url).pathname.slice(1)}`);
} catch (error) {
  console.error(`database: cannot reach PostgreSQL at ${redact(url)}: ${error.message}`);
  process.exit(1);
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
