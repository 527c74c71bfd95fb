import { EXPIRED_ERROR, inputOf, type Task } from "@tps/core";
import { Prisma, safeNumber } from "@tps/db";
import { allowedFrom } from "./transition-sql";

/**
 * The columns of a Task on the wire, aliased to camelCase, for `RETURNING` / `SELECT` in raw SQL.
 * `nextAttemptAt` is the time a claimable task becomes due, null in any other status.
 */
export const TASK_COLUMNS = Prisma.raw(
  `id, type, payload, status::text AS status, output::text AS output,
   progress_percent AS "progressPercent", progress_message AS "progressMessage", attempts, max_attempts AS "maxAttempts", last_error AS "lastError",
   created_at AS "createdAt", published_at AS "publishedAt", started_at AS "startedAt",
   finished_at AS "finishedAt", canceled_at AS "canceledAt", updated_at AS "updatedAt",
   CASE WHEN ${allowedFrom("claim").sql} THEN available_at END AS "nextAttemptAt",
   priority, expires_at AS "expiresAt", schedule_id::text AS "scheduleId", waiting_on AS "waitingOn"`,
);

export interface TaskRecord {
  /** bigint from Prisma's $queryRaw, number from sqlOf (see safeNumber in @tps/db). */
  id: number | bigint;
  type: string;
  payload: string;
  /** JSON text (node-postgres would parse jsonb; text keeps the parse where the row is used). */
  output: string | null;
  progressPercent: number | null;
  progressMessage: string | null;
  status: Task["status"];
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  createdAt: Date;
  publishedAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  canceledAt: Date | null;
  updatedAt: Date;
  nextAttemptAt: Date | null;
  priority: number;
  expiresAt: Date | null;
  scheduleId: string | null;
  waitingOn: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toTask(r: TaskRecord): Task {
  return {
    id: safeNumber(r.id),
    type: r.type,
    input: inputOf(r.type, r.payload),
    payload: r.payload,
    output: r.output === null ? null : JSON.parse(r.output),
    progress: r.progressPercent === null ? null : { percent: r.progressPercent, message: r.progressMessage },
    status: r.status,
    attempts: r.attempts,
    maxAttempts: r.maxAttempts,
    lastError: r.lastError,
    createdAt: r.createdAt.toISOString(),
    publishedAt: iso(r.publishedAt),
    startedAt: iso(r.startedAt),
    finishedAt: iso(r.finishedAt),
    canceledAt: iso(r.canceledAt),
    updatedAt: r.updatedAt.toISOString(),
    nextAttemptAt: iso(r.nextAttemptAt),
    priority: r.priority,
    expiresAt: iso(r.expiresAt),
    scheduleId: r.scheduleId,
    waitingOn: r.waitingOn === "concurrency" || r.waitingOn === "rate" ? r.waitingOn : null,
    expired: r.status === "CANCELED" && r.lastError === EXPIRED_ERROR,
  };
}
