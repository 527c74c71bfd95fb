import pg from "pg";

/** The advisory lock key of the retention pass (any constant all processes agree on). */
export const RETENTION_LOCK_KEY = 7_402_315;

export interface AdvisoryLock {
  /**
   * Runs `work` only while this process holds the session-level advisory lock `key` on its own
   * connection; resolves to null at once (no waiting) when another process holds it. If the
   * connection dies the server drops the lock, so a crashed holder never blocks the others.
   */
  tryRun<T>(work: () => Promise<T>): Promise<T | null>;
}

/** One short-lived connection per attempt, with the adapters' timeouts (5 s connect, statements). */
export function createAdvisoryLock(url: string, key: number, statementTimeoutMs = 5_000): AdvisoryLock {
  return {
    async tryRun(work) {
      const client = new pg.Client({
        connectionString: url,
        connectionTimeoutMillis: 5_000,
        statement_timeout: statementTimeoutMs,
        query_timeout: statementTimeoutMs + 5_000,
        keepAlive: true,
      });
      // A dropped connection only loses the lock; the error is reported by the next query.
      client.on("error", () => {});
      await client.connect();
      try {
        const { rows } = await client.query<{ held: boolean }>("SELECT pg_try_advisory_lock($1) AS held", [
          key,
        ]);
        if (!rows[0]?.held) return null;
        return await work();
      } finally {
        await client.end().catch(() => {}); // closing the session releases the lock
      }
    },
  };
}
