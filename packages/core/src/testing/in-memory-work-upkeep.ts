import { afterLeaseLoss, canApply, type LeaseLapsePolicy, leaseLostError } from "../domain/task-state";
import type { Backlog, TaskRef } from "../ports";
import type { TaskTable } from "./in-memory-task-table";

// The reconciler's side of WorkStore over the in-memory table: lapsed leases, stale and due
// publishes, expiries and the backlog the alerts read.

export function recoverExpiredLeases(
  t: TaskTable,
  limit: number,
  lapse: LeaseLapsePolicy,
): { released: number; failed: number } {
  let released = 0;
  let failed = 0;
  for (const row of t.rows.values()) {
    if (released + failed >= limit) break;
    if (!t.leaseLapsed(row, lapse.graceMs)) continue;
    const event = afterLeaseLoss(row.leaseLosses, lapse.maxLosses);
    t.record(row.id, "lease_expired", {
      attempt: row.attempts,
      consumer: row.leaseOwner,
      detail: event === "release" ? "released" : "failed",
    });
    t.transition(row, event);
    row.leaseOwner = row.leaseToken = row.leaseExpiresAt = null;
    row.leaseLosses++;
    if (event === "release") {
      // The consumer stopped, not the work: the attempt does not count.
      Object.assign(row, { attempts: row.attempts - 1, publishedAt: null, availableAt: t.now() });
      released++;
    } else {
      Object.assign(row, { finishedAt: t.now(), lastError: leaseLostError(row.leaseLosses) });
      failed++;
    }
  }
  return { released, failed };
}

/** `liveTypes`: the types a live worker serves, or null for every type. */
export function unpublishStale(
  t: TaskTable,
  olderThanMs: number,
  limit: number,
  liveTypes: ReadonlySet<string> | null,
): number {
  const stale = [...t.rows.values()]
    .filter((r) => r.status === "PENDING" && r.publishedAt !== null && r.publishedAt < t.now() - olderThanMs)
    .filter((r) => liveTypes === null || liveTypes.has(r.type))
    .slice(0, limit);
  for (const row of stale) Object.assign(row, { publishedAt: null, updatedAt: t.now() });
  return stale.length;
}

export async function publishDue(
  t: TaskTable,
  limit: number,
  graceMs: number,
  publish: (tasks: TaskRef[]) => Promise<void>,
): Promise<number> {
  const due = [...t.rows.values()]
    .filter((r) => r.status === "PENDING" && r.publishedAt === null && t.publishableAt(r, graceMs) <= t.now())
    .sort((a, b) => b.priority - a.priority || a.availableAt - b.availableAt)
    .slice(0, limit);
  if (due.length === 0) return 0;
  await publish(due.map((r) => ({ id: r.id, type: r.type, priority: r.priority })));
  for (const row of due) {
    row.publishedAt = row.updatedAt = t.now();
    t.record(row.id, "published", { detail: "reconciler" });
  }
  return due.length;
}

export function nextPublishInMs(t: TaskTable, graceMs: number): number | null {
  const waiting = [...t.rows.values()].filter((r) => r.status === "PENDING" && r.publishedAt === null);
  if (waiting.length === 0) return null;
  return Math.max(0, Math.min(...waiting.map((r) => t.publishableAt(r, graceMs))) - t.now());
}

export function expireDue(t: TaskTable, limit: number): TaskRef[] {
  const expired: TaskRef[] = [];
  for (const row of [...t.rows.values()].sort((a, b) => (a.expiresAt ?? 0) - (b.expiresAt ?? 0))) {
    if (expired.length >= limit) break;
    if (t.expire(row)) expired.push({ id: row.id, type: row.type });
  }
  return expired;
}

export function backlog(t: TaskTable): Backlog {
  const now = t.now();
  const due = [...t.rows.values()].filter((r) => canApply(r.status, "claim") && r.availableAt <= now);
  const oldest = due.length ? Math.min(...due.map((r) => r.availableAt)) : null;
  return {
    oldestPendingAgeSeconds: oldest === null ? null : (now - oldest) / 1000,
    processingPastLease: [...t.rows.values()].filter((r) => t.leaseLapsed(r)).length,
    dueNotStarted: due.filter((r) => r.availableAt < now - 1_000 && r.waitingOn === null).length,
  };
}
