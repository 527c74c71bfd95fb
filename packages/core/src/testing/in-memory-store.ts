import type { CursorPosition } from "../domain/cursor";
import { IDEMPOTENCY_WINDOW_MS } from "../domain/idempotency";
import { EXPIRED_ERROR } from "../domain/run-options";
import {
  type NewTask,
  RETRY_NOW_DETAIL,
  type Task,
  type TaskCounts,
  type TaskFilter,
  type TimelineEntry,
  type TimelineType,
} from "../domain/task";
import { matchesFilter } from "../domain/task-filter";
import {
  afterLeaseLoss,
  canApply,
  DEFAULT_LEASE_LAPSE,
  isTerminal,
  type LeaseLapsePolicy,
  leaseLostError,
  nextStatus,
  TASK_STATUSES,
  type TaskStatus,
  type TaskTransition,
} from "../domain/task-state";
import { inputOf, SLEEP_TYPE, type TaskProgress } from "../domain/task-type";
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
import { InMemoryKeys } from "./in-memory-keys";

interface Row {
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

const SETTLE_EVENT: Record<Settlement["outcome"], TimelineType> = {
  complete: "completed",
  backoff: "backoff",
  fail: "failed",
  release: "released",
};

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * A faithful in-memory stand-in for the Postgres adapter, for unit tests of use cases and the worker.
 * It applies the same state machine and the same conditions as the SQL, with an injectable clock.
 */
export class InMemoryTaskStore implements TaskRepository, WorkStore {
  readonly rows = new Map<number, Row>();
  readonly timeline = new Map<number, TimelineEntry[]>();
  private nextId = 1;

  private record(id: number, type: TimelineType, extra: Partial<TimelineEntry> = {}) {
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

  constructor(
    public now: () => number = Date.now,
    private readonly maxAttempts = 3,
  ) {}

  private transition(row: Row, transition: TaskTransition): boolean {
    const to = nextStatus(row.status, transition);
    if (!to) return false;
    row.status = to;
    row.updatedAt = this.now();
    return true;
  }

  private toTask(row: Row): Task {
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

  async insertMany(items: readonly (string | NewTask)[]): Promise<Task[]> {
    return items.map((item) =>
      this.toTask(this.insertRow(typeof item === "string" ? { payload: item } : item)),
    );
  }

  private insertRow(task: NewTask): Row {
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

  private readonly keys = new InMemoryKeys();

  /** Decides every item first (a conflict inserts nothing), then inserts without yielding: atomic. */
  async insertIdempotent(
    items: readonly NewTask[],
    { windowMs = IDEMPOTENCY_WINDOW_MS }: { windowMs?: number } = {},
  ): Promise<{ task: Task; created: boolean }[]> {
    const since = this.now() - windowMs;
    const live = (id: number) => {
      const row = this.rows.get(id);
      return row && row.createdAt > since ? row : undefined;
    };
    const plan = this.keys.plan(items, live);
    const ids: number[] = [];
    for (const [i, step] of plan.entries()) {
      if ("sameAs" in step) ids.push(ids[step.sameAs]!);
      else if ("existing" in step) ids.push(step.existing);
      else {
        const row = this.insertRow(items[i]!);
        this.keys.set(items[i]!, row.id);
        ids.push(row.id);
      }
    }
    return plan.map((step, i) => ({ task: this.toTask(this.rows.get(ids[i]!)!), created: "insert" in step }));
  }

  /** A key stored without a scope, as before scopes existed (the storage contract's `legacyKey`). */
  legacyKey(id: number, key: string): void {
    this.keys.setLegacy(key, id);
  }

  async unmarkPublished(marks: readonly PublishMark[]): Promise<void> {
    for (const { id, publishedAt } of marks) {
      const row = this.rows.get(id);
      if (!row || !canApply(row.status, "claim") || iso(row.publishedAt) !== publishedAt) continue;
      row.publishedAt = null;
      row.updatedAt = this.now();
      const timeline = this.timeline.get(id) ?? [];
      const step = timeline.map((e) => e.type === "published" && e.at === publishedAt).lastIndexOf(true);
      if (step >= 0) timeline.splice(step, 1);
    }
  }

  async findById(id: number): Promise<Task | null> {
    const row = this.rows.get(id);
    return row ? this.toTask(row) : null;
  }

  private matching(filter: TaskFilter): Row[] {
    return [...this.rows.values()].filter((r) => matchesFilter(this.toTask(r), filter));
  }

  async list(criteria: ListCriteria): Promise<{ items: Task[]; next: CursorPosition | null }> {
    const { after, sort, limit } = criteria;
    const finished = (r: Row) => r.finishedAt ?? 0;
    const rows = this.matching(criteria.filter)
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
    return { items: page.map((r) => this.toTask(r)), next };
  }

  async countByStatus(filter: TaskFilter = {}): Promise<TaskCounts> {
    const counts = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as TaskCounts;
    for (const row of this.matching(filter)) counts[row.status]++;
    return counts;
  }

  async findIds(filter: TaskFilter, statuses: readonly TaskStatus[], limit: number): Promise<number[]> {
    return this.matching(filter)
      .filter((r) => statuses.includes(r.status))
      .sort((a, b) => a.id - b.id)
      .slice(0, limit)
      .map((r) => r.id);
  }

  async cancel(ids: readonly number[], actor: string | null = null): Promise<Task[]> {
    const changed: Task[] = [];
    for (const id of new Set(ids)) {
      const row = this.rows.get(id);
      if (!row || !this.transition(row, "cancel")) continue;
      row.canceledAt = row.finishedAt = this.now();
      row.leaseOwner = row.leaseToken = row.leaseExpiresAt = null;
      this.record(id, "canceled", { attempt: row.attempts, actor });
      changed.push(this.toTask(row));
    }
    return changed;
  }

  async retry(ids: readonly number[], actor: string | null = null): Promise<Task[]> {
    const changed: Task[] = [];
    for (const id of new Set(ids)) {
      const row = this.rows.get(id);
      if (!row || !this.transition(row, "retry")) continue;
      Object.assign(row, {
        attempts: 0,
        leaseLosses: 0,
        expiresAt: null,
        waitingOn: null,
        publishedAt: this.now(),
        startedAt: null,
        finishedAt: null,
        availableAt: this.now(),
      });
      this.record(id, "retried", { actor });
      this.record(id, "published");
      changed.push(this.toTask(row));
    }
    return changed;
  }

  async retryNow(ids: readonly number[], actor: string | null = null): Promise<Task[]> {
    const changed: Task[] = [];
    for (const id of new Set(ids)) {
      const row = this.rows.get(id);
      if (!row || row.availableAt <= this.now() || !this.transition(row, "retryNow")) continue;
      Object.assign(row, { availableAt: this.now(), publishedAt: this.now() });
      this.record(id, "retried", { actor, attempt: row.attempts, detail: RETRY_NOW_DETAIL });
      this.record(id, "published");
      changed.push(this.toTask(row));
    }
    return changed;
  }

  async events(id: number): Promise<TimelineEntry[]> {
    return this.timeline.get(id) ?? [];
  }

  private remove(id: number) {
    this.rows.delete(id);
    this.timeline.delete(id);
    this.keys.forget(id);
  }

  async purgeFinished({ finishedBefore, statuses, limit }: PurgeCriteria): Promise<number> {
    const before = finishedBefore.getTime();
    const doomed = [...this.rows.values()]
      .filter((r) => isTerminal(r.status) && statuses.includes(r.status))
      .filter((r) => r.finishedAt !== null && r.finishedAt < before)
      .sort((a, b) => a.finishedAt! - b.finishedAt! || a.id - b.id)
      .slice(0, limit);
    for (const row of doomed) this.remove(row.id);
    return doomed.length;
  }

  async deleteFinished(ids: readonly number[]): Promise<number[]> {
    const deleted = [...new Set(ids)]
      .filter((id) => {
        const row = this.rows.get(id);
        return row !== undefined && isTerminal(row.status);
      })
      .sort((a, b) => a - b);
    for (const id of deleted) this.remove(id);
    return deleted;
  }

  async activity(windowMinutes: number, bucketSeconds: number): Promise<Activity> {
    const since = this.now() - windowMinutes * 60_000;
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
    for (const r of this.rows.values()) {
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

  /** PROCESSING under a lease that expired more than `graceMs` ago. */
  private leaseLapsed(row: Row, graceMs = 0): boolean {
    return (
      row.status === "PROCESSING" && row.leaseExpiresAt !== null && row.leaseExpiresAt < this.now() - graceMs
    );
  }

  async claim(
    ids: readonly number[],
    owner: string,
    leaseMs: number,
    lapse: LeaseLapsePolicy | null = DEFAULT_LEASE_LAPSE,
    onExpired?: (expired: readonly TaskRef[]) => void,
  ): Promise<ClaimedTask[]> {
    const claimed: ClaimedTask[] = [];
    const expired: TaskRef[] = [];
    for (const id of new Set(ids)) {
      const row = this.rows.get(id);
      if (!row) continue;
      if (this.expire(row)) {
        expired.push({ id, type: row.type });
        continue;
      }
      const takeover =
        lapse !== null &&
        canApply(row.status, "takeover") &&
        this.leaseLapsed(row, lapse.graceMs) &&
        afterLeaseLoss(row.leaseLosses, lapse.maxLosses) === "release";
      const due = canApply(row.status, "claim") && row.availableAt <= this.now();
      if (!due && !takeover) continue;
      const now = this.now();
      if (takeover) {
        // The lost attempt is given back (this one takes its place) and the loss counted.
        this.record(id, "lease_expired", {
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
      this.record(id, "started", { attempt: row.attempts, consumer: owner });
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

  /** PENDING past its expiresAt → CANCELED as expired; true when it changed. */
  private expire(row: Row): boolean {
    if (row.expiresAt === null || row.expiresAt > this.now() || !this.transition(row, "expire")) return false;
    Object.assign(row, { canceledAt: this.now(), finishedAt: this.now(), lastError: EXPIRED_ERROR });
    Object.assign(row, { waitingOn: null, leaseOwner: null, leaseToken: null, leaseExpiresAt: null });
    this.record(row.id, "expired", { attempt: row.attempts });
    return true;
  }

  async expireDue(limit: number): Promise<TaskRef[]> {
    const expired: TaskRef[] = [];
    for (const row of [...this.rows.values()].sort((a, b) => (a.expiresAt ?? 0) - (b.expiresAt ?? 0))) {
      if (expired.length >= limit) break;
      if (this.expire(row)) expired.push({ id: row.id, type: row.type });
    }
    return expired;
  }

  /** When publishDue would send an unpublished PENDING row: grace only for an API-sent one never started. */
  private publishableAt(row: Row, graceMs: number): number {
    const apiSent =
      row.startedAt === null &&
      row.availableAt <= row.createdAt &&
      row.waitingOn === null &&
      row.scheduleId === null;
    return row.availableAt + (apiSent ? graceMs : 0);
  }

  async nextPublishInMs(graceMs: number): Promise<number | null> {
    const waiting = [...this.rows.values()].filter((r) => r.status === "PENDING" && r.publishedAt === null);
    if (waiting.length === 0) return null;
    return Math.max(0, Math.min(...waiting.map((r) => this.publishableAt(r, graceMs))) - this.now());
  }

  private holds(row: Row | undefined, owner: string, leaseToken: string): boolean {
    return row?.status === "PROCESSING" && row.leaseOwner === owner && row.leaseToken === leaseToken;
  }

  async settle(settlements: readonly Settlement[], owner: string): Promise<SettledTask[]> {
    return settlements.map((s) => {
      const row = this.rows.get(s.id);
      const refused = { id: s.id, leaseToken: s.leaseToken, outcome: null, finishedAt: null };
      if (!row || !this.holds(row, owner, s.leaseToken) || !this.transition(row, s.outcome))
        return { ...refused, canceled: row?.status === "CANCELED" };
      const now = this.now();
      row.leaseOwner = row.leaseToken = row.leaseExpiresAt = null;
      if (s.outcome === "complete" || s.outcome === "fail") row.finishedAt = now;
      if (s.outcome === "complete") row.output = s.output ?? null;
      if (s.outcome === "backoff" || s.outcome === "fail") row.lastError = s.error;
      if (s.outcome === "backoff") Object.assign(row, { publishedAt: null, availableAt: now + s.delayMs });
      if (s.outcome === "release") row.attempts--;
      this.record(s.id, SETTLE_EVENT[s.outcome], {
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

  async renewLeases(leases: readonly LeaseRef[], owner: string, leaseMs: number): Promise<LeaseStatus[]> {
    return leases.map(({ id, leaseToken }) => {
      const row = this.rows.get(id);
      if (!row || !this.holds(row, owner, leaseToken)) {
        const canceled = row?.status === "CANCELED";
        return { leaseToken, held: false, canceled, canceledAt: canceled ? new Date(row.canceledAt!) : null };
      }
      if (row.leaseExpiresAt! < this.now() + (leaseMs * 2) / 3) row.leaseExpiresAt = this.now() + leaseMs;
      return { leaseToken, held: true, canceled: false, canceledAt: null };
    });
  }

  async recordProgress(updates: readonly ProgressUpdate[], owner: string): Promise<void> {
    for (const { id, leaseToken, percent, message } of updates) {
      const row = this.rows.get(id);
      if (this.holds(row, owner, leaseToken)) row!.progress = { percent, message };
    }
  }

  async existingIds(ids: readonly number[]): Promise<number[]> {
    return ids.filter((id) => this.rows.has(id));
  }

  async recoverExpiredLeases(
    limit: number,
    lapse: LeaseLapsePolicy = DEFAULT_LEASE_LAPSE,
  ): Promise<{ released: number; failed: number }> {
    let released = 0;
    let failed = 0;
    for (const row of this.rows.values()) {
      if (released + failed >= limit) break;
      if (!this.leaseLapsed(row, lapse.graceMs)) continue;
      const event = afterLeaseLoss(row.leaseLosses, lapse.maxLosses);
      this.record(row.id, "lease_expired", {
        attempt: row.attempts,
        consumer: row.leaseOwner,
        detail: event === "release" ? "released" : "failed",
      });
      this.transition(row, event);
      row.leaseOwner = row.leaseToken = row.leaseExpiresAt = null;
      row.leaseLosses++;
      if (event === "release") {
        // The consumer stopped, not the work: the attempt does not count.
        Object.assign(row, { attempts: row.attempts - 1, publishedAt: null, availableAt: this.now() });
        released++;
      } else {
        Object.assign(row, { finishedAt: this.now(), lastError: leaseLostError(row.leaseLosses) });
        failed++;
      }
    }
    return { released, failed };
  }

  /** Types a live worker serves (heartbeats); null: every type (tests that do not model workers). */
  liveTypes: Set<string> | null = null;

  async unpublishStale(olderThanMs: number, limit: number): Promise<number> {
    const stale = [...this.rows.values()]
      .filter(
        (r) => r.status === "PENDING" && r.publishedAt !== null && r.publishedAt < this.now() - olderThanMs,
      )
      .filter((r) => this.liveTypes === null || this.liveTypes.has(r.type))
      .slice(0, limit);
    for (const row of stale) Object.assign(row, { publishedAt: null, updatedAt: this.now() });
    return stale.length;
  }

  async publishDue(
    limit: number,
    graceMs: number,
    publish: (tasks: TaskRef[]) => Promise<void>,
  ): Promise<number> {
    const due = [...this.rows.values()]
      .filter(
        (r) =>
          r.status === "PENDING" && r.publishedAt === null && this.publishableAt(r, graceMs) <= this.now(),
      )
      .sort((a, b) => b.priority - a.priority || a.availableAt - b.availableAt)
      .slice(0, limit);
    if (due.length === 0) return 0;
    await publish(due.map((r) => ({ id: r.id, type: r.type, priority: r.priority })));
    for (const row of due) {
      row.publishedAt = row.updatedAt = this.now();
      this.record(row.id, "published", { detail: "reconciler" });
    }
    return due.length;
  }

  async backlog(): Promise<Backlog> {
    const now = this.now();
    const due = [...this.rows.values()].filter((r) => canApply(r.status, "claim") && r.availableAt <= now);
    const oldest = due.length ? Math.min(...due.map((r) => r.availableAt)) : null;
    return {
      oldestPendingAgeSeconds: oldest === null ? null : (now - oldest) / 1000,
      processingPastLease: [...this.rows.values()].filter((r) => this.leaseLapsed(r)).length,
      dueNotStarted: due.filter((r) => r.availableAt < now - 1_000 && r.waitingOn === null).length,
    };
  }
}
