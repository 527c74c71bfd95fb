import pg from "pg";

export interface ProbeResult {
  name: string;
  count: number;
  errors: number;
  p50: number;
  max: number;
  /** performance.now() when the worst round started. */
  maxAt: number;
}

/**
 * Runs `round` on its own connection every 5 ms until stopped, against a random existing task id,
 * timing each round: its worst latency is the longest this kind of statement waited on a lock
 * while the migration ran. Errors (a statement refused mid-swap) are counted, not thrown.
 */
export async function startProbe(
  url: string,
  name: string,
  round: (client: pg.Client, id: number) => Promise<unknown>,
): Promise<{ stop(): Promise<ProbeResult> }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  await client.query("SET statement_timeout = '60s'");
  const { rows } = await client.query<{ max: string }>("SELECT max(id)::text AS max FROM tasks");
  const maxId = Number(rows[0]!.max);
  const latencies: number[] = [];
  let errors = 0;
  let worst = { took: 0, at: 0 };
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const t0 = performance.now();
      try {
        await round(client, 1 + Math.floor(Math.random() * maxId));
      } catch {
        errors++;
      }
      const took = performance.now() - t0;
      latencies.push(took);
      if (took > worst.took) worst = { took, at: t0 };
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      await client.end();
      latencies.sort((a, b) => a - b);
      return {
        name,
        count: latencies.length,
        errors,
        p50: latencies[Math.floor(latencies.length / 2)] ?? 0,
        max: worst.took,
        maxAt: worst.at,
      };
    },
  };
}
