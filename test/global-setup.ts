import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";

const ADMIN_URL = process.env.TEST_ADMIN_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

import type {} from "../packages/infra/src/testing/test-services";

/**
 * Migrates one template database per test run with `prisma migrate deploy` (the real migration
 * path); each test file then clones it (CREATE DATABASE … TEMPLATE), which takes milliseconds.
 */
export async function setup(project: TestProject) {
  const url = new URL(ADMIN_URL);
  url.pathname = `/tps_tpl_${randomBytes(4).toString("hex")}`;
  const result = spawnSync(process.execPath, ["packages/db/scripts/deploy.mjs"], {
    env: { ...process.env, DATABASE_URL: url.toString() },
    encoding: "utf8",
  });
  if (result.status !== 0)
    throw new Error(`migrating the test template failed:\n${result.stdout}\n${result.stderr}`);
  project.provide("templateDatabaseUrl", url.toString());
  return async () => {
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${url.pathname.slice(1)}" WITH (FORCE)`);
    await admin.end();
  };
}
