import type { CursorPosition } from "../domain/cursor";
import type { Task, TaskCounts, TaskFilter } from "../domain/task";
import { matchesFilter } from "../domain/task-filter";
import { TASK_STATUSES, type TaskStatus } from "../domain/task-state";
import type { Activity, ListCriteria } from "../ports";
import { iso, type Row, type TaskTable } from "./in-memory-task-table";

// The read side of TaskRepository over the in-memory table: pages, counts, ids and activity.

function matching(t: TaskTable, filter: TaskFilter): Row[] {
  return [...t.rows.values()].filter((r) => matchesFilter(t.toTask(r), filter));
}

export function list(t: TaskTable, criteria: ListCriteria): { items: Task[]; next: CursorPosition | null } {
  const { after, sort, limit } = criteria;
  const finished = (r: Row) => r.finishedAt ?? 0;
  const rows = matching(t, criteria.filter)
    .filter((r) => sort === "created" || r.finishedAt !== null)
    .sort((a, b) => (sort === "finished" ? finished(b) - finished(a) : 0) || b.id - a.id)
    .filter((r) => {
      if (!after) return true;
      if (sort === "created") return r.id < after.id;
      const f = Date.parse(after.finishedAt!);
      return finished(r) < f || (finished(r) === f && r.id < after.id);
    });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const next =
    rows.length > limit && last
      ? { id: last.id, ...(sort === "finished" ? { finishedAt: iso(last.finishedAt)! } : {}) }
      : null;
  return { items: page.map((r) => t.toTask(r)), next };
}

export function countByStatus(t: TaskTable, filter: TaskFilter): TaskCounts {
  const counts = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as TaskCounts;
  for (const row of matching(t, filter)) counts[row.status]++;
  return counts;
}

export function findIds(
  t: TaskTable,
  filter: TaskFilter,
  statuses: readonly TaskStatus[],
  limit: number,
): number[] {
  return matching(t, filter)
    .filter((r) => statuses.includes(r.status))
    .sort((a, b) => a.id - b.id)
    .slice(0, limit)
    .map((r) => r.id);
}

export function activity(t: TaskTable, windowMinutes: number, bucketSeconds: number): Activity {
  const since = t.now() - windowMinutes * 60_000;
  const bucketMs = bucketSeconds * 1000;
  const buckets = new Map<number, Activity["buckets"][number]>();
  const bucket = (ms: number) => {
    const at = Math.floor(ms / bucketMs) * bucketMs;
    const existing = buckets.get(at);
    if (existing) return existing;
    const fresh = { at: new Date(at).toISOString(), completed: 0, canceled: 0, failed: 0, created: 0 };
    buckets.set(at, fresh);
    return fresh;
  };
  const latencies: number[] = [];
  for (const r of t.rows.values()) {
    if (r.createdAt >= since) bucket(r.createdAt).created++;
    if (r.finishedAt === null || r.finishedAt < since) continue;
    if (r.status === "COMPLETED") {
      bucket(r.finishedAt).completed++;
      latencies.push((r.finishedAt - r.createdAt) / 1000);
    } else if (r.status === "CANCELED") bucket(r.finishedAt).canceled++;
    else if (r.status === "FAILED") bucket(r.finishedAt).failed++;
  }
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]! : null;
  return {
    buckets: [...buckets.values()].sort((a, b) => a.at.localeCompare(b.at)),
    latency: { p50: pct(0.5), p95: pct(0.95), completed: latencies.length },
  };
}
