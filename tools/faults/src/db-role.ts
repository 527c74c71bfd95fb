import { randomBytes } from "node:crypto";
import pg from "pg";

/** Runs `sql` as the superuser on `adminUrl`'s server (a short connection, bounded in time). */
async function asAdmin(adminUrl: string, database: string, sql: string) {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query({ text: sql, query_timeout: 30_000 } as pg.QueryConfig);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * A LOGIN role that owns `databaseUrl`'s database and may use every table in it, and the database
 * URL that connects as it. The system under test must not connect as the `postgres` superuser
 * when a scenario limits connections: a superuser ignores CONNECTION LIMIT (and read-only
 * defaults can be lifted by it as well).
 */
export async function createAppRole(adminUrl: string, databaseUrl: string) {
  const database = new URL(databaseUrl).pathname.slice(1);
  const role = `tps_app_${randomBytes(4).toString("hex")}`;
  const password = randomBytes(12).toString("hex");
  await asAdmin(adminUrl, "postgres", `CREATE ROLE "${role}" LOGIN PASSWORD '${password}'`);
  await asAdmin(adminUrl, "postgres", `ALTER DATABASE "${database}" OWNER TO "${role}"`);
  // The tables came from the template (owned by the superuser): the role gets every right on them.
  await asAdmin(
    adminUrl,
    database,
    `GRANT ALL ON SCHEMA public TO "${role}";
     GRANT ALL ON ALL TABLES IN SCHEMA public TO "${role}";
     GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO "${role}";
     GRANT ALL ON ALL FUNCTIONS IN SCHEMA public TO "${role}"`,
  );
  const url = new URL(databaseUrl);
  url.username = role;
  url.password = password;
  return {
    role,
    url: url.toString(),
    /** Drops the role (after its database is gone). */
    drop: () => asAdmin(adminUrl, "postgres", `DROP ROLE IF EXISTS "${role}"`),
  };
}

export type AppRole = Awaited<ReturnType<typeof createAppRole>>;

/**
 * Database-level faults on the system's own database, as a failover to a read-only replica or an
 * operator's `CONNECTION LIMIT 0` would look: each setting applies to new sessions, so the role's
 * open sessions are ended too (as a failover ends them). `restore` undoes both, and ends the
 * sessions opened meanwhile (they would stay read-only).
 */
export function databaseFaults(adminUrl: string, databaseUrl: string, role: string) {
  const database = new URL(databaseUrl).pathname.slice(1);
  const endSessions = () =>
    asAdmin(
      adminUrl,
      "postgres",
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '${role}' AND datname = '${database}'`,
    );
  const alter = (setting: string) => asAdmin(adminUrl, "postgres", `ALTER DATABASE "${database}" ${setting}`);
  return {
    async readOnly() {
      await alter("SET default_transaction_read_only = on");
      await endSessions();
    },
    async refuseConnections() {
      await alter("CONNECTION LIMIT 0");
      await endSessions();
    },
    async restore() {
      await alter("RESET default_transaction_read_only");
      await alter("CONNECTION LIMIT -1");
      await endSessions();
    },
  };
}
