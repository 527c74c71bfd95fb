import type pg from "pg";

/** What the database says about one run's tasks (ids first..last). */
export interface RunAudit {
  completed: number;
  notCompleted: number;
  attemptsOtherThanOne: number;
  startedTwice: number;
  startedByConsumer: Map<string, number>;
}

export async function auditRun(db: pg.Client, first: number, last: number): Promise<RunAudit> {
  const one = async (sql: string) => (await db.query<{ n: number }>(sql, [first, last])).rows[0]?.n ?? 0;
  const byConsumer = await db.query<{ consumer: string; n: number }>(
    `SELECT consumer, count(*)::int AS n FROM task_events
     WHERE type = 'started' AND task_id BETWEEN $1 AND $2 GROUP BY consumer ORDER BY consumer`,
    [first, last],
  );
  return {
    completed: await one(
      `SELECT count(*)::int AS n FROM tasks WHERE id BETWEEN $1 AND $2 AND status = 'COMPLETED'`,
    ),
    notCompleted: await one(
      `SELECT count(*)::int AS n FROM tasks WHERE id BETWEEN $1 AND $2 AND status <> 'COMPLETED'`,
    ),
    attemptsOtherThanOne: await one(
      `SELECT count(*)::int AS n FROM tasks WHERE id BETWEEN $1 AND $2 AND status = 'COMPLETED' AND attempts <> 1`,
    ),
    startedTwice: await one(
      `SELECT count(*)::int AS n FROM (SELECT task_id FROM task_events
         WHERE type = 'started' AND task_id BETWEEN $1 AND $2 GROUP BY task_id HAVING count(*) > 1) t`,
    ),
    startedByConsumer: new Map(byConsumer.rows.map((r) => [r.consumer, r.n])),
  };
}
