import type { TimelineType } from "../domain/task";
import { afterLeaseLoss, canApply, type LeaseLapsePolicy } from "../domain/task-state";
import type {
  ClaimedTask,
  LeaseRef,
  LeaseStatus,
  ProgressUpdate,
  SettledTask,
  Settlement,
  TaskRef,
} from "../ports";
import type { Row, TaskTable } from "./in-memory-task-table";

// The attempt's side of WorkStore over the in-memory table: claim, renew, progress and settle, each
// fenced by the lease token as the SQL fences them.

const SETTLE_EVENT: Record<Settlement["outcome"], TimelineType> = {
  complete: "completed",
  backoff: "backoff",
  fail: "failed",
  release: "released",
};

function holds(row: Row | undefined, owner: string, leaseToken: string): boolean {
  return row?.status === "PROCESSING" && row.leaseOwner === owner && row.leaseToken === leaseToken;
}

export function claim(
  t: TaskTable,
  ids: readonly number[],
  owner: string,
  leaseMs: number,
  lapse: LeaseLapsePolicy | null,
  onExpired?: (expired: readonly TaskRef[]) => void,
): ClaimedTask[] {
  const claimed: ClaimedTask[] = [];
  const expired: TaskRef[] = [];
  for (const id of new Set(ids)) {
    const row = t.rows.get(id);
    if (!row) continue;
    if (t.expire(row)) {
      expired.push({ id, type: row.type });
      continue;
    }
    const takeover =
      lapse !== null &&
      canApply(row.status, "takeover") &&
      t.leaseLapsed(row, lapse.graceMs) &&
      afterLeaseLoss(row.leaseLosses, lapse.maxLosses) === "release";
    const due = canApply(row.status, "claim") && row.availableAt <= t.now();
    if (!due && !takeover) continue;
    const now = t.now();
    if (takeover) {
      // The lost attempt is given back (this one takes its place) and the loss counted.
      t.record(id, "lease_expired", {
        attempt: row.attempts,
        consumer: row.leaseOwner,
        detail: "taken over",
      });
      row.attempts--;
      row.leaseLosses++;
    }
    Object.assign(row, {
      status: "PROCESSING",
      attempts: row.attempts + 1,
      leaseOwner: owner,
      leaseToken: crypto.randomUUID(),
      leaseExpiresAt: now + leaseMs,
      startedAt: now,
      updatedAt: now,
      progress: null,
      waitingOn: null,
    });
    t.record(id, "started", { attempt: row.attempts, consumer: owner });
    claimed.push({
      id,
      type: row.type,
      payload: row.payload,
      attempts: row.attempts,
      maxAttempts: row.maxAttempts,
      createdAt: new Date(row.createdAt),
      startedAt: new Date(now),
      leaseToken: row.leaseToken!,
      takenOver: takeover,
    });
  }
  if (expired.length > 0) onExpired?.(expired);
  return claimed;
}

export function settle(t: TaskTable, settlements: readonly Settlement[], owner: string): SettledTask[] {
  return settlements.map((s) => {
    const row = t.rows.get(s.id);
    const refused = { id: s.id, leaseToken: s.leaseToken, outcome: null, finishedAt: null };
    if (!row || !holds(row, owner, s.leaseToken) || !t.transition(row, s.outcome))
      return { ...refused, canceled: row?.status === "CANCELED" };
    const now = t.now();
    row.leaseOwner = row.leaseToken = row.leaseExpiresAt = null;
    if (s.outcome === "complete" || s.outcome === "fail") row.finishedAt = now;
    if (s.outcome === "complete") row.output = s.output ?? null;
    if (s.outcome === "backoff" || s.outcome === "fail") row.lastError = s.error;
    if (s.outcome === "backoff") Object.assign(row, { publishedAt: null, availableAt: now + s.delayMs });
    if (s.outcome === "release") row.attempts--;
    t.record(s.id, SETTLE_EVENT[s.outcome], {
      attempt: row.attempts,
      consumer: owner,
      detail: "error" in s ? s.error : null,
    });
    return {
      ...refused,
      outcome: s.outcome,
      canceled: false,
      finishedAt: row.finishedAt ? new Date(row.finishedAt) : null,
    };
  });
}

export function renewLeases(
  t: TaskTable,
  leases: readonly LeaseRef[],
  owner: string,
  leaseMs: number,
): LeaseStatus[] {
  return leases.map(({ id, leaseToken }) => {
    const row = t.rows.get(id);
    if (!row || !holds(row, owner, leaseToken)) {
      const canceled = row?.status === "CANCELED";
      return { leaseToken, held: false, canceled, canceledAt: canceled ? new Date(row.canceledAt!) : null };
    }
    if (row.leaseExpiresAt! < t.now() + (leaseMs * 2) / 3) row.leaseExpiresAt = t.now() + leaseMs;
    return { leaseToken, held: true, canceled: false, canceledAt: null };
  });
}

export function recordProgress(t: TaskTable, updates: readonly ProgressUpdate[], owner: string): void {
  for (const { id, leaseToken, percent, message } of updates) {
    const row = t.rows.get(id);
    if (holds(row, owner, leaseToken)) row!.progress = { percent, message };
  }
}
