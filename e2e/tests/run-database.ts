import pg from "pg";

/**
 * A query on this run's database (the web server's DATABASE_URL, see playwright.config.ts), for the
 * few states a spec cannot reach through the UI in reasonable time, such as a ten-minute backoff.
 */
export async function queryRunDatabase<T extends pg.QueryResultRow>(
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({
    connectionString: `postgresql://postgres@127.0.0.1:5432/tps_e2e_${process.env.E2E_RUN_ID}`,
    connectionTimeoutMillis: 5_000,
    query_timeout: 5_000,
  });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
