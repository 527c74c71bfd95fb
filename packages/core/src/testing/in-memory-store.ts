import type { CursorPosition } from "../domain/cursor";
import type { NewTask, Task, TaskCounts, TaskFilter, TimelineEntry } from "../domain/task";
import { DEFAULT_LEASE_LAPSE, type LeaseLapsePolicy, type TaskStatus } from "../domain/task-state";
import type {
  Activity,
  Backlog,
  ClaimedTask,
  LeaseRef,
  LeaseStatus,
  ListCriteria,
  ProgressUpdate,
  PublishMark,
  PurgeCriteria,
  SettledTask,
  Settlement,
  TaskRef,
  TaskRepository,
  WorkStore,
} from "../ports";
import * as reads from "./in-memory-task-reads";
import { TaskTable } from "./in-memory-task-table";
import * as writes from "./in-memory-task-writes";
import * as leases from "./in-memory-work-leases";
import * as upkeep from "./in-memory-work-upkeep";

/**
 * A faithful in-memory stand-in for the Postgres adapter, for unit tests of use cases and the worker.
 * It applies the same state machine and the same conditions as the SQL, with an injectable clock.
 * The methods live per side of the ports (task reads and writes, the attempt's leases, the
 * reconciler's upkeep) as functions over one TaskTable; this class is their one face.
 */
export class InMemoryTaskStore implements TaskRepository, WorkStore {
  private readonly table: TaskTable;
  readonly rows: TaskTable["rows"];
  readonly timeline: TaskTable["timeline"];
  /** Types a live worker serves (heartbeats); null: every type (tests that do not model workers). */
  liveTypes: Set<string> | null = null;

  constructor(
    public now: () => number = Date.now,
    maxAttempts = 3,
  ) {
    // Read through `this.now` on every call: tests replace the clock after construction.
    this.table = new TaskTable(() => this.now(), maxAttempts);
    this.rows = this.table.rows;
    this.timeline = this.table.timeline;
  }

  async insertMany(items: readonly (string | NewTask)[]): Promise<Task[]> {
    return writes.insertMany(this.table, items);
  }

  async insertIdempotent(
    items: readonly NewTask[],
    options?: { windowMs?: number },
  ): Promise<{ task: Task; created: boolean }[]> {
    return writes.insertIdempotent(this.table, items, options);
  }

  /** A key stored without a scope, as before scopes existed (the storage contract's `legacyKey`). */
  legacyKey(id: number, key: string): void {
    this.table.keys.setLegacy(key, id);
  }

  async unmarkPublished(marks: readonly PublishMark[]): Promise<void> {
    writes.unmarkPublished(this.table, marks);
  }

  async findById(id: number): Promise<Task | null> {
    const row = this.rows.get(id);
    return row ? this.table.toTask(row) : null;
  }

  async list(criteria: ListCriteria): Promise<{ items: Task[]; next: CursorPosition | null }> {
    return reads.list(this.table, criteria);
  }

  async countByStatus(filter: TaskFilter = {}): Promise<TaskCounts> {
    return reads.countByStatus(this.table, filter);
  }

  async findIds(filter: TaskFilter, statuses: readonly TaskStatus[], limit: number): Promise<number[]> {
    return reads.findIds(this.table, filter, statuses, limit);
  }

  async cancel(ids: readonly number[], actor: string | null = null): Promise<Task[]> {
    return writes.cancel(this.table, ids, actor);
  }

  async retry(ids: readonly number[], actor: string | null = null): Promise<Task[]> {
    return writes.retry(this.table, ids, actor);
  }

  async retryNow(ids: readonly number[], actor: string | null = null): Promise<Task[]> {
    return writes.retryNow(this.table, ids, actor);
  }

  async events(id: number): Promise<TimelineEntry[]> {
    return this.timeline.get(id) ?? [];
  }

  async purgeFinished(criteria: PurgeCriteria): Promise<number> {
    return writes.purgeFinished(this.table, criteria);
  }

  async deleteFinished(ids: readonly number[]): Promise<number[]> {
    return writes.deleteFinished(this.table, ids);
  }

  async activity(windowMinutes: number, bucketSeconds: number): Promise<Activity> {
    return reads.activity(this.table, windowMinutes, bucketSeconds);
  }

  async claim(
    ids: readonly number[],
    owner: string,
    leaseMs: number,
    lapse: LeaseLapsePolicy | null = DEFAULT_LEASE_LAPSE,
    onExpired?: (expired: readonly TaskRef[]) => void,
  ): Promise<ClaimedTask[]> {
    return leases.claim(this.table, ids, owner, leaseMs, lapse, onExpired);
  }

  async settle(settlements: readonly Settlement[], owner: string): Promise<SettledTask[]> {
    return leases.settle(this.table, settlements, owner);
  }

  async renewLeases(leaseRefs: readonly LeaseRef[], owner: string, leaseMs: number): Promise<LeaseStatus[]> {
    return leases.renewLeases(this.table, leaseRefs, owner, leaseMs);
  }

  async recordProgress(updates: readonly ProgressUpdate[], owner: string): Promise<void> {
    leases.recordProgress(this.table, updates, owner);
  }

  async existingIds(ids: readonly number[]): Promise<number[]> {
    return ids.filter((id) => this.rows.has(id));
  }

  async recoverExpiredLeases(
    limit: number,
    lapse: LeaseLapsePolicy = DEFAULT_LEASE_LAPSE,
  ): Promise<{ released: number; failed: number }> {
    return upkeep.recoverExpiredLeases(this.table, limit, lapse);
  }

  async unpublishStale(olderThanMs: number, limit: number): Promise<number> {
    return upkeep.unpublishStale(this.table, olderThanMs, limit, this.liveTypes);
  }

  async publishDue(
    limit: number,
    graceMs: number,
    publish: (tasks: TaskRef[]) => Promise<void>,
  ): Promise<number> {
    return upkeep.publishDue(this.table, limit, graceMs, publish);
  }

  async nextPublishInMs(graceMs: number): Promise<number | null> {
    return upkeep.nextPublishInMs(this.table, graceMs);
  }

  async expireDue(limit: number): Promise<TaskRef[]> {
    return upkeep.expireDue(this.table, limit);
  }

  async backlog(): Promise<Backlog> {
    return upkeep.backlog(this.table);
  }
}
