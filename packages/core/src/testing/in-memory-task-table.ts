import { EXPIRED_ERROR } from "../domain/run-options";
import type { NewTask, Task, TimelineEntry, TimelineType } from "../domain/task";
import { canApply, nextStatus, type TaskTransition } from "../domain/task-state";
import { inputOf, SLEEP_TYPE, type TaskProgress } from "../domain/task-type";
import { InMemoryKeys } from "./in-memory-keys";

/** One task as the in-memory store keeps it: the columns of the `tasks` table, times in ms. */
export interface Row {
  id: number;
  type: string;
  payload: string;
  output: string | null;
  progress: TaskProgress | null;
  status: Task["status"];
  attempts: number;
  maxAttempts: number;
  leaseLosses: number;
  lastError: string | null;
  leaseOwner: string | null;
  leaseToken: string | null;
  leaseExpiresAt: number | null;
  availableAt: number;
  createdAt: number;
  publishedAt: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  canceledAt: number | null;
  updatedAt: number;
  priority: number;
  expiresAt: number | null;
  scheduleId: string | null;
  waitingOn: Task["waitingOn"];
  concurrencyKey: string | null;
}

export const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * The rows, timelines and keys of the in-memory store, with the steps every port of it shares:
 * inserting, recording a timeline step, a state-machine transition, reading a row as a Task. The
 * ports' methods (in-memory-task-*.ts, in-memory-work-*.ts) are functions over this table.
 */
export class TaskTable {
  readonly rows = new Map<number, Row>();
  readonly timeline = new Map<number, TimelineEntry[]>();
  readonly keys = new InMemoryKeys();
  private nextId = 1;

  constructor(
    /** The store's clock, read on every call (tests move it). */
    readonly now: () => number,
    private readonly maxAttempts: number,
  ) {}

  record(id: number, type: TimelineType, extra: Partial<TimelineEntry> = {}) {
    const entries = this.timeline.get(id) ?? [];
    entries.push({
      type,
      at: new Date(this.now()).toISOString(),
      attempt: null,
      consumer: null,
      detail: null,
      actor: null,
      ...extra,
    });
    this.timeline.set(id, entries);
  }

  transition(row: Row, transition: TaskTransition): boolean {
    const to = nextStatus(row.status, transition);
    if (!to) return false;
    row.status = to;
    row.updatedAt = this.now();
    return true;
  }

  toTask(row: Row): Task {
    return {
      id: row.id,
      type: row.type,
      input: inputOf(row.type, row.payload),
      payload: row.payload,
      output: row.output === null ? null : JSON.parse(row.output),
      progress: row.progress,
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
      nextAttemptAt: canApply(row.status, "claim") ? iso(row.availableAt) : null,
      priority: row.priority,
      expiresAt: iso(row.expiresAt),
      scheduleId: row.scheduleId,
      waitingOn: row.waitingOn,
      expired: row.status === "CANCELED" && row.lastError === EXPIRED_ERROR,
    };
  }

  insert(task: NewTask): Row {
    const now = this.now();
    const runAt = task.availableAt === undefined ? now : Math.max(now, Date.parse(task.availableAt));
    const row: Row = {
      id: this.nextId++,
      type: task.type ?? SLEEP_TYPE,
      payload: task.payload,
      output: null,
      progress: null,
      status: "PENDING",
      attempts: 0,
      maxAttempts: task.maxAttempts ?? this.maxAttempts,
      leaseLosses: 0,
      lastError: null,
      leaseOwner: null,
      leaseToken: null,
      leaseExpiresAt: null,
      availableAt: runAt,
      createdAt: now,
      publishedAt: runAt > now ? null : now,
      startedAt: null,
      finishedAt: null,
      canceledAt: null,
      updatedAt: now,
      priority: task.priority ?? 0,
      expiresAt: task.expiresAt === undefined ? null : Date.parse(task.expiresAt),
      scheduleId: task.scheduleId ?? null,
      waitingOn: null,
      concurrencyKey: null,
    };
    this.rows.set(row.id, row);
    this.record(row.id, "created");
    if (row.publishedAt !== null) this.record(row.id, "published");
    return row;
  }

  /** Deletes a task with its timeline; its idempotency keys are free again. */
  remove(id: number) {
    this.rows.delete(id);
    this.timeline.delete(id);
    this.keys.forget(id);
  }

  /** PROCESSING under a lease that expired more than `graceMs` ago. */
  leaseLapsed(row: Row, graceMs = 0): boolean {
    return (
      row.status === "PROCESSING" && row.leaseExpiresAt !== null && row.leaseExpiresAt < this.now() - graceMs
    );
  }

  /** PENDING past its expiresAt → CANCELED as expired; true when it changed. */
  expire(row: Row): boolean {
    if (row.expiresAt === null || row.expiresAt > this.now() || !this.transition(row, "expire")) return false;
    Object.assign(row, { canceledAt: this.now(), finishedAt: this.now(), lastError: EXPIRED_ERROR });
    Object.assign(row, { waitingOn: null, leaseOwner: null, leaseToken: null, leaseExpiresAt: null });
    this.record(row.id, "expired", { attempt: row.attempts });
    return true;
  }

  /** When publishDue would send an unpublished PENDING row: grace only for an API-sent one never started. */
  publishableAt(row: Row, graceMs: number): number {
    const apiSent =
      row.startedAt === null &&
      row.availableAt <= row.createdAt &&
      row.waitingOn === null &&
      row.scheduleId === null;
    return row.availableAt + (apiSent ? graceMs : 0);
  }
}
