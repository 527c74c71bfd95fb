import pg from "pg";
import type { FinalTask } from "./invariants";

/** Task ids are bigint in PostgreSQL (pg hands them over as text); every id here fits a number. */
const idOf = (id: number | string) => Number(id);

/** Reads the scenario's tasks straight from PostgreSQL (never through a fault proxy). */
export function dbStateOf(databaseUrl: string) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  pool.on("error", () => {});
  return {
    async finalTasks(): Promise<FinalTask[]> {
      const { rows } = await pool.query<FinalTask>(
        `SELECT t.id, t.status, t.attempts, t.max_attempts AS "maxAttempts",
                t.canceled_at IS NOT NULL AS canceled,
                (SELECT count(*) FROM task_events e WHERE e.task_id = t.id AND e.type = 'completed')::int
                  AS "completedEvents"
           FROM tasks t ORDER BY t.id`,
      );
      return rows.map((r) => ({ ...r, id: idOf(r.id) }));
    },
    /** Tasks not yet terminal, and when the last terminal one finished (epoch ms). */
    async progress(): Promise<{ total: number; open: number; lastTerminalAt: number | null }> {
      const { rows } = await pool.query<{ total: number; open: number; last: Date | null }>(
        `SELECT count(*)::int AS total,
                count(*) FILTER (WHERE status IN ('PENDING', 'PROCESSING'))::int AS open,
                max(finished_at) AS last
           FROM tasks`,
      );
      const row = rows[0]!;
      return { total: row.total, open: row.open, lastTerminalAt: row.last?.getTime() ?? null };
    },
    /**
     * COMPLETED typed tasks (`test.echo`) whose stored output is not their own: its tag differs
     * from the input's, or it is missing. Should be none.
     */
    async foreignOutputs(): Promise<{ completed: number; foreign: number[] }> {
      const { rows } = await pool.query<{ id: number; ok: boolean }>(
        `SELECT id, COALESCE(output->>'tag' = payload::jsonb->>'tag', false) AS ok
           FROM tasks WHERE type = 'test.echo' AND status = 'COMPLETED'`,
      );
      return { completed: rows.length, foreign: rows.filter((r) => !r.ok).map((r) => idOf(r.id)) };
    },
    /** Ids of tasks in `status` (a sample for cancelling running work). */
    async idsIn(status: FinalTask["status"], limit: number): Promise<number[]> {
      const { rows } = await pool.query<{ id: number }>(
        'SELECT id FROM tasks WHERE status = $1::"TaskStatus" ORDER BY random() LIMIT $2',
        [status, limit],
      );
      return rows.map((r) => idOf(r.id));
    },
    /** PROCESSING tasks per lease owner (consumer id). */
    async leaseOwners(): Promise<Map<string, number>> {
      const { rows } = await pool.query<{ owner: string; n: number }>(
        `SELECT lease_owner AS owner, count(*)::int AS n FROM tasks
          WHERE status = 'PROCESSING' AND lease_owner IS NOT NULL GROUP BY lease_owner`,
      );
      return new Map(rows.map((r) => [r.owner, r.n]));
    },
    /** How many of `ids` are not terminal yet (PENDING or PROCESSING). */
    async openAmong(ids: readonly number[]): Promise<number> {
      const { rows } = await pool.query<{ open: number }>(
        `SELECT count(*)::int AS open FROM tasks
          WHERE id = ANY($1::bigint[]) AND status IN ('PENDING', 'PROCESSING')`,
        [ids],
      );
      return rows[0]!.open;
    },
    /** Tasks per idempotency key with `prefix` (a key must name exactly one task). */
    async tasksPerKey(prefix: string): Promise<Map<string, number[]>> {
      const { rows } = await pool.query<{ key: string; id: number }>(
        "SELECT idempotency_key AS key, id FROM tasks WHERE idempotency_key LIKE $1 || '%' ORDER BY id",
        [prefix],
      );
      const byKey = new Map<string, number[]>();
      for (const r of rows) byKey.set(r.key, [...(byKey.get(r.key) ?? []), idOf(r.id)]);
      return byKey;
    },
    close: () => pool.end(),
  };
}

export type DbState = ReturnType<typeof dbStateOf>;
