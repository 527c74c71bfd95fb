import pg from "pg";
import type { FinalTask } from "./invariants";

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
      return rows;
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
      return { completed: rows.length, foreign: rows.filter((r) => !r.ok).map((r) => r.id) };
    },
    /** Ids of tasks in `status` (a sample for cancelling running work). */
    async idsIn(status: FinalTask["status"], limit: number): Promise<number[]> {
      const { rows } = await pool.query<{ id: number }>(
        'SELECT id FROM tasks WHERE status = $1::"TaskStatus" ORDER BY random() LIMIT $2',
        [status, limit],
      );
      return rows.map((r) => r.id);
    },
    close: () => pool.end(),
  };
}

export type DbState = ReturnType<typeof dbStateOf>;
