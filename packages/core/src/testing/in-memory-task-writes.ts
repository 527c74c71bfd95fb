import { IDEMPOTENCY_WINDOW_MS } from "../domain/idempotency";
import { type NewTask, RETRY_NOW_DETAIL, type Task } from "../domain/task";
import { canApply, isTerminal } from "../domain/task-state";
import type { PublishMark, PurgeCriteria } from "../ports";
import { iso, type Row, type TaskTable } from "./in-memory-task-table";

// The write side of TaskRepository over the in-memory table: inserts, operator actions, deletes.

export function insertMany(t: TaskTable, items: readonly (string | NewTask)[]): Task[] {
  return items.map((item) => t.toTask(t.insert(typeof item === "string" ? { payload: item } : item)));
}

/** Decides every item first (a conflict inserts nothing), then inserts without yielding: atomic. */
export function insertIdempotent(
  t: TaskTable,
  items: readonly NewTask[],
  { windowMs = IDEMPOTENCY_WINDOW_MS }: { windowMs?: number } = {},
): { task: Task; created: boolean }[] {
  const since = t.now() - windowMs;
  const live = (id: number) => {
    const row = t.rows.get(id);
    return row && row.createdAt > since ? row : undefined;
  };
  const plan = t.keys.plan(items, live);
  const ids: number[] = [];
  for (const [i, step] of plan.entries()) {
    if ("sameAs" in step) ids.push(ids[step.sameAs]!);
    else if ("existing" in step) ids.push(step.existing);
    else {
      const row = t.insert(items[i]!);
      t.keys.set(items[i]!, row.id);
      ids.push(row.id);
    }
  }
  return plan.map((step, i) => ({ task: t.toTask(t.rows.get(ids[i]!)!), created: "insert" in step }));
}

export function unmarkPublished(t: TaskTable, marks: readonly PublishMark[]): void {
  for (const { id, publishedAt } of marks) {
    const row = t.rows.get(id);
    if (!row || !canApply(row.status, "claim") || iso(row.publishedAt) !== publishedAt) continue;
    row.publishedAt = null;
    row.updatedAt = t.now();
    const timeline = t.timeline.get(id) ?? [];
    const step = timeline.map((e) => e.type === "published" && e.at === publishedAt).lastIndexOf(true);
    if (step >= 0) timeline.splice(step, 1);
  }
}

/** Applies `change` once to each existing task of `ids`; returns those it changed (it said true). */
function changeEach(t: TaskTable, ids: readonly number[], change: (row: Row, id: number) => boolean): Task[] {
  const changed: Task[] = [];
  for (const id of new Set(ids)) {
    const row = t.rows.get(id);
    if (row && change(row, id)) changed.push(t.toTask(row));
  }
  return changed;
}

export function cancel(t: TaskTable, ids: readonly number[], actor: string | null): Task[] {
  return changeEach(t, ids, (row, id) => {
    if (!t.transition(row, "cancel")) return false;
    row.canceledAt = row.finishedAt = t.now();
    row.leaseOwner = row.leaseToken = row.leaseExpiresAt = null;
    t.record(id, "canceled", { attempt: row.attempts, actor });
    return true;
  });
}

export function retry(t: TaskTable, ids: readonly number[], actor: string | null): Task[] {
  return changeEach(t, ids, (row, id) => {
    if (!t.transition(row, "retry")) return false;
    Object.assign(row, {
      attempts: 0,
      leaseLosses: 0,
      expiresAt: null,
      waitingOn: null,
      publishedAt: t.now(),
      startedAt: null,
      finishedAt: null,
      availableAt: t.now(),
    });
    t.record(id, "retried", { actor });
    t.record(id, "published");
    return true;
  });
}

export function retryNow(t: TaskTable, ids: readonly number[], actor: string | null): Task[] {
  return changeEach(t, ids, (row, id) => {
    if (row.availableAt <= t.now() || !t.transition(row, "retryNow")) return false;
    Object.assign(row, { availableAt: t.now(), publishedAt: t.now() });
    t.record(id, "retried", { actor, attempt: row.attempts, detail: RETRY_NOW_DETAIL });
    t.record(id, "published");
    return true;
  });
}

export function purgeFinished(t: TaskTable, { finishedBefore, statuses, limit }: PurgeCriteria): number {
  const before = finishedBefore.getTime();
  const doomed = [...t.rows.values()]
    .filter((r) => isTerminal(r.status) && statuses.includes(r.status))
    .filter((r) => r.finishedAt !== null && r.finishedAt < before)
    .sort((a, b) => a.finishedAt! - b.finishedAt! || a.id - b.id)
    .slice(0, limit);
  for (const row of doomed) t.remove(row.id);
  return doomed.length;
}

export function deleteFinished(t: TaskTable, ids: readonly number[]): number[] {
  const deleted = [...new Set(ids)]
    .filter((id) => {
      const row = t.rows.get(id);
      return row !== undefined && isTerminal(row.status);
    })
    .sort((a, b) => a - b);
  for (const id of deleted) t.remove(id);
  return deleted;
}
