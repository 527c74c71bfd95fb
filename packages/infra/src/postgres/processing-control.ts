import {
  DependencyUnavailableError,
  PAUSE_REASON_MAX,
  type ProcessingControl,
  type ProcessingState,
  RUNNING,
} from "@tps/core";
import type { PrismaClient } from "@tps/db";
import { withDatabase } from "./unavailable";

interface Row {
  paused: boolean;
  by: string | null;
  at: Date | null;
  reason: string | null;
}

const toState = (row: Row | undefined): ProcessingState =>
  row ? { paused: row.paused, by: row.by, at: row.at?.toISOString() ?? null, reason: row.reason } : RUNNING;

/**
 * The processing switch on Postgres: one row, read by primary key. Pause and resume are one upsert
 * each, decided on the row's latest version (so two admins racing both see the first one win), and
 * a trigger wakes the console's change feed when `paused` flips. Every call gives up after
 * `timeoutMs` with a "database is unavailable" error.
 */
export function createProcessingControl(db: PrismaClient, { timeoutMs = 2_000 } = {}): ProcessingControl {
  const call = <T>(run: () => Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new DependencyUnavailableError("database", new Error(`no answer in ${timeoutMs} ms`))),
        timeoutMs,
      );
    });
    return Promise.race([withDatabase(run), timeout]).finally(() => clearTimeout(timer));
  };

  return {
    status: () =>
      call(async () => {
        const rows = await db.$queryRaw<Row[]>`
          SELECT paused, changed_by AS by, changed_at AS at, reason FROM processing_control WHERE id = 1`;
        return toState(rows[0]);
      }),
    pause: (actor, reason) =>
      call(async () => {
        const note = reason?.trim().slice(0, PAUSE_REASON_MAX) || null;
        const rows = await db.$queryRaw<Row[]>`
          INSERT INTO processing_control AS p (id, paused, changed_by, changed_at, reason)
          VALUES (1, true, ${actor}, now(), ${note})
          ON CONFLICT (id) DO UPDATE SET
            paused = true,
            changed_by = CASE WHEN p.paused THEN p.changed_by ELSE EXCLUDED.changed_by END,
            changed_at = CASE WHEN p.paused THEN p.changed_at ELSE EXCLUDED.changed_at END,
            reason = CASE WHEN p.paused THEN p.reason ELSE EXCLUDED.reason END
          RETURNING paused, changed_by AS by, changed_at AS at, reason`;
        return toState(rows[0]);
      }),
    resume: (actor) =>
      call(async () => {
        const rows = await db.$queryRaw<Row[]>`
          INSERT INTO processing_control AS p (id, paused, changed_by, changed_at, reason)
          VALUES (1, false, NULL, NULL, NULL)
          ON CONFLICT (id) DO UPDATE SET
            paused = false,
            changed_by = CASE WHEN p.paused THEN ${actor} ELSE p.changed_by END,
            changed_at = CASE WHEN p.paused THEN now() ELSE p.changed_at END,
            reason = NULL
          RETURNING paused, changed_by AS by, changed_at AS at, reason`;
        return toState(rows[0]);
      }),
  };
}
