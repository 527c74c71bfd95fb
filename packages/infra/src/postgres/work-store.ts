import {
  type Backlog,
  type ClaimedTask,
  CONSUMER_LIVENESS_MS,
  DEFAULT_LEASE_LAPSE,
  LEASE_LOST_ERROR_FORMAT,
  type LeaseStatus,
  releasableLeaseLosses,
  type SettledTask,
  type Settlement,
  type TimelineType,
  TRANSITIONS,
  type WorkStore,
} from "@tps/core";
import { Prisma, type PrismaClient, safeNumber, sqlOf } from "@tps/db";
import { expireDue, expireRows, nextPublishInMs, PAST_EXPIRY, publishDue } from "./due-tasks-sql";
import { lockInIdOrder } from "./lock-order";
import { allowedFrom, SETTLE_FROM, statusIn } from "./transition-sql";
import { withDatabase } from "./unavailable";

const SETTLE_EVENT: Record<Settlement["outcome"], TimelineType> = {
  complete: "completed",
  backoff: "backoff",
  fail: "failed",
  release: "released",
};

/** The most late tasks the backlog counts (a gauge that says "at least this many" past it). */
const DUE_NOT_STARTED_CAP = 1_000;

const withoutFlag = ({ expired: _, ...task }: ClaimedTask & { expired: boolean }): ClaimedTask => task;

/** The consumer's storage port on Postgres: every method is one statement over a whole batch. */
export function createWorkStore(db: PrismaClient): WorkStore {
  // Claim, settle and lease renewal run for every task: straight on node-postgres (see sqlOf).
  const sql = sqlOf(db);
  return {
    claim: (ids, owner, leaseMs, lapse = DEFAULT_LEASE_LAPSE, onExpired) =>
      withDatabase(async () => {
        // claim: a due PENDING task; takeover: a PROCESSING task whose lease lapsed more than the
        // grace ago (its consumer stopped responding) with lease losses left. The rows are locked in
        // id order (see lockInIdOrder) and judged as they are once locked. A takeover gives the lost
        // attempt back (this one takes its place) and counts the loss. A PENDING task past its
        // expires_at is never started: it is expired instead (and reported apart).
        const takeover = lapse
          ? Prisma.sql`${allowedFrom("takeover")} AND lease_expires_at < now() - ${lapse.graceMs} * interval '1 millisecond'
                       AND lease_losses < ${releasableLeaseLosses(lapse.maxLosses)}`
          : Prisma.sql`false`;
        const rows = await sql.query<ClaimedTask & { expired: boolean }>(Prisma.sql`
          WITH locked AS (
            SELECT id, lease_owner AS lost_by, ${PAST_EXPIRY} AS expired,
                   (${allowedFrom("claim")} AND available_at <= now() AND NOT ${PAST_EXPIRY}) AS due,
                   (${takeover}) AS takeover
            FROM tasks WHERE id = ANY(${ids}::bigint[]) ORDER BY id FOR UPDATE
          ), ${expireRows(Prisma.sql`SELECT id FROM locked WHERE expired`)}, claimed AS (
            UPDATE tasks AS t
            SET status = ${TRANSITIONS.claim.to}::"TaskStatus",
                attempts = CASE WHEN l.takeover THEN t.attempts ELSE t.attempts + 1 END,
                lease_losses = t.lease_losses + CASE WHEN l.takeover THEN 1 ELSE 0 END,
                lease_owner = ${owner}, lease_token = gen_random_uuid(),
                lease_expires_at = now() + ${leaseMs} * interval '1 millisecond',
                started_at = now(), updated_at = now(), waiting_on = NULL,
                progress_percent = NULL, progress_message = NULL, progress_at = NULL
            FROM locked AS l
            WHERE t.id = l.id AND (l.due OR l.takeover)
            RETURNING t.id, t.type, t.payload, t.attempts, t.max_attempts AS "maxAttempts",
                      t.created_at AS "createdAt", t.started_at AS "startedAt",
                      t.lease_token::text AS "leaseToken", l.takeover, l.lost_by
          ), timeline AS (
            INSERT INTO task_events (task_id, type, attempt, consumer, detail, at)
            SELECT id, type, attempt, consumer, detail, at FROM (
              SELECT id, 'lease_expired' AS type, attempts AS attempt, lost_by AS consumer,
                     'taken over' AS detail, "startedAt" AS at, 0 AS step FROM claimed WHERE takeover
              UNION ALL
              SELECT id, 'started', attempts, ${owner}, NULL, "startedAt", 1 FROM claimed
            ) AS e ORDER BY id, step
          )
          SELECT id, type, payload, attempts, "maxAttempts", "createdAt", "startedAt", "leaseToken",
                 takeover AS "takenOver", false AS expired FROM claimed
          UNION ALL
          SELECT id, type, NULL, attempts, NULL, NULL, NULL, NULL, false, true FROM expired`);
        const expired = rows.filter((r) => r.expired);
        if (expired.length > 0) onExpired?.(expired.map(({ id, type }) => ({ id: safeNumber(id), type })));
        return expired.length > 0 ? rows.filter((r) => !r.expired).map(withoutFlag) : rows.map(withoutFlag);
      }),

    settle: (settlements, owner) =>
      withDatabase(async () => {
        if (settlements.length === 0) return [];
        const ids = settlements.map((s) => s.id);
        const tokens = settlements.map((s) => s.leaseToken);
        const outcomes = settlements.map((s) => s.outcome);
        const statuses = settlements.map((s) => TRANSITIONS[s.outcome].to);
        const errors = settlements.map((s) => ("error" in s ? s.error : null));
        const delays = settlements.map((s) =>
          s.outcome === "backoff" ? Math.max(0, Math.round(s.delayMs)) : null,
        );
        const events = settlements.map((s) => SETTLE_EVENT[s.outcome]);
        const outputs = settlements.map((s) => (s.outcome === "complete" ? (s.output ?? null) : null));
        // Fenced by the lease token: only the attempt that holds the lease now may settle. The
        // final SELECT reports every settlement: the written ones, then the refused ones with
        // (from the statement's snapshot) whether the task was cancelled. The refused ones are
        // found with NOT IN, which PostgreSQL answers from a hash of the written tokens; a join on
        // the written rows was planned as a nested loop (it cannot estimate them), comparing every
        // settlement with every written row: 40,000 comparisons for a batch of 200. A refused
        // one's status is one primary-key lookup each, whatever the statistics say about the table.
        return sql.query<SettledTask>(Prisma.sql`
          WITH locked AS (${lockInIdOrder(ids)}), settled AS (
          UPDATE tasks AS t
          SET status = v.status::"TaskStatus",
              finished_at = CASE WHEN v.outcome IN ('complete', 'fail') THEN now() END,
              last_error = COALESCE(v.error, t.last_error),
              output = v.output::jsonb,
              attempts = CASE WHEN v.outcome = 'release' THEN t.attempts - 1 ELSE t.attempts END,
              available_at = COALESCE(now() + v.delay_ms * interval '1 millisecond', t.available_at),
              published_at = CASE WHEN v.outcome = 'backoff' THEN NULL ELSE t.published_at END,
              lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL, updated_at = now()
          FROM unnest(${ids}::bigint[], ${tokens}::uuid[], ${outcomes}::text[], ${statuses}::text[], ${errors}::text[],
                      ${delays}::int[], ${events}::text[], ${outputs}::text[])
               AS v(id, token, outcome, status, error, delay_ms, event, output)
          WHERE t.id = v.id AND t.id = ANY(ARRAY(SELECT id FROM locked))
            AND t.${statusIn(SETTLE_FROM)} AND t.lease_owner = ${owner} AND t.lease_token = v.token
          RETURNING t.id, v.token, v.outcome, v.event, v.error, t.attempts, t.finished_at AS "finishedAt"
          ), timeline AS (
            INSERT INTO task_events (task_id, type, attempt, consumer, detail)
            SELECT id, event, attempts, ${owner}, error FROM settled
          )
          SELECT id, token::text AS "leaseToken", outcome, "finishedAt", false AS canceled FROM settled
          UNION ALL
          SELECT r.id, r.token::text, NULL, NULL,
                 COALESCE((SELECT c.status = ${TRANSITIONS.cancel.to}::"TaskStatus" FROM tasks c WHERE c.id = r.id), false)
          FROM unnest(${ids}::bigint[], ${tokens}::uuid[]) AS r(id, token)
          WHERE r.token NOT IN (SELECT token FROM settled)`);
      }),

    renewLeases: (leases, owner, leaseMs) =>
      withDatabase(async () => {
        if (leases.length === 0) return [];
        const ids = leases.map((l) => l.id);
        const tokens = leases.map((l) => l.leaseToken);
        // Only leases in their last two thirds are extended (short work never needs a write); the
        // final SELECT reads the statement's snapshot, so it reports every lease we still hold.
        return sql.query<LeaseStatus>(Prisma.sql`
          WITH due AS (
            SELECT id FROM tasks
            WHERE id = ANY(${ids}::bigint[]) AND lease_token = ANY(${tokens}::uuid[])
              AND ${statusIn(SETTLE_FROM)} AND lease_owner = ${owner}
              AND lease_expires_at < now() + ${Math.floor((leaseMs * 2) / 3)} * interval '1 millisecond'
            ORDER BY id FOR UPDATE
          ), renewed AS (
            UPDATE tasks SET lease_expires_at = now() + ${leaseMs} * interval '1 millisecond'
            WHERE id = ANY(ARRAY(SELECT id FROM due)) AND lease_token = ANY(${tokens}::uuid[])
              AND ${statusIn(SETTLE_FROM)} AND lease_owner = ${owner}
          )
          SELECT r.token::text AS "leaseToken",
                 COALESCE(t.${statusIn(SETTLE_FROM)} AND t.lease_owner = ${owner} AND t.lease_token = r.token, false) AS held,
                 COALESCE(t.status = ${TRANSITIONS.cancel.to}::"TaskStatus", false) AS canceled,
                 CASE WHEN t.status = ${TRANSITIONS.cancel.to}::"TaskStatus" THEN t.canceled_at END AS "canceledAt"
          FROM unnest(${ids}::bigint[], ${tokens}::uuid[]) AS r(id, token)
          LEFT JOIN tasks t ON t.id = r.id`);
      }),

    recordProgress: (updates, owner) =>
      withDatabase(async () => {
        if (updates.length === 0) return;
        // Fenced like a renewal (owner and token); one statement for every attempt's latest report.
        await sql.query(Prisma.sql`
          WITH locked AS (${lockInIdOrder(updates.map((u) => u.id))})
          UPDATE tasks AS t
          SET progress_percent = v.percent, progress_message = v.message, progress_at = now(), updated_at = now()
          FROM unnest(${updates.map((u) => u.id)}::bigint[], ${updates.map((u) => u.leaseToken)}::uuid[],
                      ${updates.map((u) => u.percent)}::real[], ${updates.map((u) => u.message)}::text[])
               AS v(id, token, percent, message)
          WHERE t.id = v.id AND t.id = ANY(ARRAY(SELECT id FROM locked))
            AND t.${statusIn(SETTLE_FROM)} AND t.lease_owner = ${owner} AND t.lease_token = v.token`);
      }),

    existingIds: (ids) =>
      withDatabase(async () => {
        const rows = await db.$queryRaw<
          { id: bigint }[]
        >`SELECT id FROM tasks WHERE id = ANY(${ids}::bigint[])`;
        return rows.map((r) => safeNumber(r.id));
      }),

    recoverExpiredLeases: (limit, lapse = DEFAULT_LEASE_LAPSE) =>
      withDatabase(async () => {
        // Left to the owner for the grace past expiry (to renew, or settle what it finished). A
        // lapse is a lost lease, not a failed attempt: the attempt is given back and the loss
        // counted; the task fails on its maxLosses-th loss (afterLeaseLoss in the state machine).
        const releasable = releasableLeaseLosses(lapse.maxLosses);
        const rows = await db.$queryRaw<{ released: boolean }[]>`
          WITH lapsed AS (
            SELECT id, lease_owner FROM tasks
            WHERE lease_expires_at < now() - ${lapse.graceMs} * interval '1 millisecond'
              AND ((lease_losses < ${releasable} AND ${allowedFrom("release")})
                   OR (lease_losses >= ${releasable} AND ${allowedFrom("fail")}))
            ORDER BY lease_expires_at LIMIT ${limit}
            FOR UPDATE SKIP LOCKED
          ), recovered AS (
          UPDATE tasks AS t
          SET status = (CASE WHEN t.lease_losses < ${releasable} THEN ${TRANSITIONS.release.to}
                             ELSE ${TRANSITIONS.fail.to} END)::"TaskStatus",
              attempts = CASE WHEN t.lease_losses < ${releasable} THEN t.attempts - 1 ELSE t.attempts END,
              lease_losses = t.lease_losses + 1,
              finished_at = CASE WHEN t.lease_losses < ${releasable} THEN NULL ELSE now() END,
              last_error = CASE WHEN t.lease_losses < ${releasable} THEN t.last_error
                                ELSE format(${LEASE_LOST_ERROR_FORMAT}, t.lease_losses + 1) END,
              published_at = NULL, available_at = now(),
              lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL, updated_at = now()
          FROM lapsed WHERE t.id = lapsed.id
          RETURNING t.id, t.attempts, lapsed.lease_owner, t.status = ${TRANSITIONS.release.to}::"TaskStatus" AS released
          ), timeline AS (
            INSERT INTO task_events (task_id, type, attempt, consumer, detail)
            SELECT id, 'lease_expired', attempts + CASE WHEN released THEN 1 ELSE 0 END, lease_owner,
                   CASE WHEN released THEN 'released' ELSE 'failed' END
            FROM recovered
          )
          SELECT released FROM recovered`;
        const released = rows.filter((r) => r.released).length;
        return { released, failed: rows.length - released };
      }),

    unpublishStale: (olderThanMs, limit) =>
      withDatabase(
        () =>
          db.$executeRaw`
          UPDATE tasks SET published_at = NULL, updated_at = now()
          WHERE id = ANY(ARRAY(
            SELECT id FROM tasks
            WHERE ${allowedFrom("claim")} AND published_at < now() - ${olderThanMs} * interval '1 millisecond'
              -- Only types some live worker serves: without one, the message waits in the type's
              -- queue, and re-sending it would pile up duplicates there until a worker starts.
              AND type = ANY(ARRAY(
                SELECT DISTINCT unnest(types) FROM consumers
                WHERE stopped_at IS NULL AND last_seen_at > now() - ${CONSUMER_LIVENESS_MS} * interval '1 millisecond'))
            ORDER BY published_at LIMIT ${limit}
            FOR UPDATE SKIP LOCKED
          ))`,
      ),

    publishDue: (limit, graceMs, publish) => withDatabase(() => publishDue(db, limit, graceMs, publish)),

    nextPublishInMs: (graceMs) => withDatabase(() => nextPublishInMs(db, graceMs)),

    expireDue: (limit) => withDatabase(() => expireDue(db, limit)),

    backlog: () =>
      withDatabase(async () => {
        // All read partial indexes (tasks_pending_available_idx, tasks_lease_idx): O(1), O(lapsed)
        // and O(late tasks), the last counted up to DUE_NOT_STARTED_CAP.
        const [row] = await db.$queryRaw<Backlog[]>`
          SELECT (SELECT extract(epoch FROM now() - min(available_at))::float8 FROM tasks
                  WHERE ${allowedFrom("claim")} AND available_at <= now()) AS "oldestPendingAgeSeconds",
                 (SELECT count(*)::int FROM (SELECT FROM tasks
                  WHERE ${allowedFrom("claim")} AND available_at < now() - interval '1 second'
                    AND waiting_on IS NULL LIMIT ${DUE_NOT_STARTED_CAP}) AS late) AS "dueNotStarted",
                 (SELECT count(*)::int FROM tasks
                  WHERE ${statusIn(SETTLE_FROM)} AND lease_expires_at < now()) AS "processingPastLease"`;
        return row!;
      }),
  };
}
