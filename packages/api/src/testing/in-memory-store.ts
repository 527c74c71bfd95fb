import type { ListQuery, Task, TaskCounts, TaskPage } from "../domain/task";
import { canApply, nextStatus, TASK_STATUSES, type TaskEvent } from "../domain/task-state";
import type { ClaimedTask, SettledTask, Settlement, TaskRepository, WorkStore } from "../ports";

interface Row {
  id: number;
  payload: string;
  status: Task["status"];
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  leaseOwner: string | null;
  leaseExpiresAt: number | null;
  availableAt: number;
  createdAt: number;
  publishedAt: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  canceledAt: number | null;
  updatedAt: number;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * A faithful in-memory stand-in for the Postgres adapter, for unit tests of use cases and the worker.
 * It applies the same state machine and the same conditions as the SQL, with an injectable clock.
 */
export class InMemoryTaskStore implements TaskRepository, WorkStore {
  readonly rows = new Map<number, Row>();
  private nextId = 1;

  constructor(
    public now: () => number = Date.now,
    private readonly maxAttempts = 3,
  ) {}

  private transition(row: Row, event: TaskEvent): boolean {
    const to = nextStatus(row.status, event);
    if (!to) return false;
    row.status = to;
    row.updatedAt = this.now();
    return true;
  }

  private toTask(row: Row): Task {
    return {
      id: row.id,
      payload: row.payload,
      status: row.status,
      attempts: row.attempts,
      maxAttempts: row.maxAttempts,
      lastError: row.lastError,
      createdAt: iso(row.createdAt)!,
      publishedAt: iso(row.publishedAt),
      startedAt: iso(row.startedAt),
      finishedAt: iso(row.finishedAt),
      canceledAt: iso(row.canceledAt),
      updatedAt: iso(row.updatedAt)!,
    };
  }

  async insertMany(payloads: readonly string[]): Promise<Task[]> {
    const now = this.now();
    return payloads.map((payload) => {
      const row: Row = {
        id: this.nextId++,
        payload,
        status: "PENDING",
        attempts: 0,
        maxAttempts: this.maxAttempts,
        lastError: null,
        leaseOwner: null,
        leaseExpiresAt: null,
        availableAt: now,
        createdAt: now,
        publishedAt: null,
        startedAt: null,
        finishedAt: null,
        canceledAt: null,
        updatedAt: now,
      };
      this.rows.set(row.id, row);
      return this.toTask(row);
    });
  }

  async markPublished(ids: readonly number[]): Promise<void> {
    for (const id of ids) {
      const row = this.rows.get(id);
      if (row) row.publishedAt = this.now();
    }
  }

  async findById(id: number): Promise<Task | null> {
    const row = this.rows.get(id);
    return row ? this.toTask(row) : null;
  }

  async list(query: ListQuery): Promise<TaskPage> {
    const rows = [...this.rows.values()]
      .filter((r) => (!query.status || r.status === query.status) && (!query.cursor || r.id < query.cursor))
      .sort((a, b) => b.id - a.id);
    const page = rows.slice(0, query.limit);
    const more = rows.length > query.limit;
    return { items: page.map((r) => this.toTask(r)), nextCursor: more ? (page.at(-1)?.id ?? null) : null };
  }

  async countByStatus(): Promise<TaskCounts> {
    const counts = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as TaskCounts;
    for (const row of this.rows.values()) counts[row.status]++;
    return counts;
  }

  async cancel(id: number): Promise<Task | null> {
    const row = this.rows.get(id);
    if (!row || !this.transition(row, "cancel")) return null;
    row.canceledAt = row.finishedAt = this.now();
    row.leaseOwner = row.leaseExpiresAt = null;
    return this.toTask(row);
  }

  async requeue(id: number): Promise<Task | null> {
    const row = this.rows.get(id);
    if (!row || !this.transition(row, "requeue")) return null;
    Object.assign(row, { attempts: 0, publishedAt: null, finishedAt: null, availableAt: this.now() });
    return this.toTask(row);
  }

  private leaseLapsed(row: Row): boolean {
    return row.status === "PROCESSING" && row.leaseExpiresAt !== null && row.leaseExpiresAt < this.now();
  }

  async claim(ids: readonly number[], owner: string, leaseMs: number): Promise<ClaimedTask[]> {
    const claimed: ClaimedTask[] = [];
    for (const id of new Set(ids)) {
      const row = this.rows.get(id);
      if (!row) continue;
      const lapsed = this.leaseLapsed(row) && row.attempts < row.maxAttempts;
      if (!canApply(row.status, "claim") && !lapsed) continue;
      const now = this.now();
      Object.assign(row, {
        status: "PROCESSING",
        attempts: row.attempts + 1,
        leaseOwner: owner,
        leaseExpiresAt: now + leaseMs,
        startedAt: now,
        updatedAt: now,
      });
      claimed.push({
        id,
        payload: row.payload,
        attempts: row.attempts,
        maxAttempts: row.maxAttempts,
        createdAt: new Date(row.createdAt),
        startedAt: new Date(now),
      });
    }
    return claimed;
  }

  async settle(settlements: readonly Settlement[], owner: string): Promise<SettledTask[]> {
    const settled: SettledTask[] = [];
    for (const s of settlements) {
      const row = this.rows.get(s.id);
      if (!row || row.leaseOwner !== owner || !this.transition(row, s.outcome)) continue;
      const now = this.now();
      row.leaseOwner = row.leaseExpiresAt = null;
      if (s.outcome === "complete" || s.outcome === "fail") row.finishedAt = now;
      if (s.outcome === "retry" || s.outcome === "fail") row.lastError = s.error;
      if (s.outcome === "retry")
        Object.assign(row, { publishedAt: null, availableAt: s.availableAt.getTime() });
      if (s.outcome === "release") row.attempts--;
      settled.push({
        id: s.id,
        outcome: s.outcome,
        finishedAt: row.finishedAt ? new Date(row.finishedAt) : null,
      });
    }
    return settled;
  }

  async renewLeases(ids: readonly number[], owner: string, leaseMs: number): Promise<number[]> {
    return ids.filter((id) => {
      const row = this.rows.get(id);
      if (row?.status !== "PROCESSING" || row.leaseOwner !== owner) return false;
      row.leaseExpiresAt = this.now() + leaseMs;
      return true;
    });
  }

  async existingIds(ids: readonly number[]): Promise<number[]> {
    return ids.filter((id) => this.rows.has(id));
  }

  async recoverExpiredLeases(limit: number): Promise<{ requeued: number; failed: number }> {
    let requeued = 0;
    let failed = 0;
    for (const row of this.rows.values()) {
      if (requeued + failed >= limit) break;
      if (!this.leaseLapsed(row)) continue;
      const event = row.attempts < row.maxAttempts ? "release" : "fail";
      this.transition(row, event);
      row.leaseOwner = row.leaseExpiresAt = null;
      if (event === "release") {
        Object.assign(row, { publishedAt: null, availableAt: this.now() });
        requeued++;
      } else {
        Object.assign(row, {
          finishedAt: this.now(),
          lastError: "lease expired: consumer stopped responding",
        });
        failed++;
      }
    }
    return { requeued, failed };
  }

  async publishDue(
    limit: number,
    graceMs: number,
    publish: (ids: number[]) => Promise<void>,
  ): Promise<number> {
    const due = [...this.rows.values()]
      .filter(
        (r) => r.status === "PENDING" && r.publishedAt === null && r.availableAt <= this.now() - graceMs,
      )
      .slice(0, limit);
    if (due.length === 0) return 0;
    await publish(due.map((r) => r.id));
    for (const row of due) row.publishedAt = this.now();
    return due.length;
  }
}
