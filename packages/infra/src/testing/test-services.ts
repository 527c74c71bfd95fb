import { randomBytes } from "node:crypto";
import pg from "pg";

declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated template database of this test run (test/global-setup.ts). */
    templateDatabaseUrl: string;
  }
}

/** Local services for integration tests (override with the usual variables). */
export const TEST_RABBITMQ_URL = process.env.RABBITMQ_URL || "amqp://guest:guest@127.0.0.1:5672";
export const TEST_REDIS_URL = process.env.REDIS_URL || "redis://127.0.0.1:6379";

export const uniqueName = (prefix: string) =>
  `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;

/**
 * A fresh, migrated database cloned from the run's template (see test/global-setup.ts).
 * `drop()` removes it, closing any connection still open.
 */
export async function createTestDatabase(
  templateUrl: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const template = new URL(templateUrl);
  const url = new URL(templateUrl);
  url.pathname = `/${uniqueName("tps_test")}`;
  const admin = new URL(templateUrl);
  admin.pathname = "/postgres";
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  // Concurrent clones of one template can collide ("source database is being accessed"): retry.
  for (let attempt = 1; ; attempt++) {
    try {
      await run(`CREATE DATABASE "${url.pathname.slice(1)}" TEMPLATE "${template.pathname.slice(1)}"`);
      break;
    } catch (error) {
      if (attempt >= 20 || !/being accessed by other users/.test(String(error))) throw error;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  return {
    url: url.toString(),
    drop: () => run(`DROP DATABASE IF EXISTS "${url.pathname.slice(1)}" WITH (FORCE)`),
  };
}
