import { type AuditQuery, matchesAuditFilter } from "../domain/audit-query";
import type { TaskTypeInfo } from "../domain/task-type";
import type {
  AuditEntry,
  AuditLog,
  AuditRecord,
  CancelSignal,
  ChangeFeed,
  ConsumerDirectory,
  ConsumerInfo,
  Log,
  QueueProbe,
  TaskPublisher,
  TaskRef,
  TaskTypeCatalog,
  TypeRules,
} from "../ports";

/** Records published ids (and their types); `failNext` makes the next publish reject, like a broker outage. */
export class RecordingPublisher implements TaskPublisher {
  readonly published: number[] = [];
  readonly types: string[] = [];
  /** Every message as sent (id, type and priority). */
  readonly refs: TaskRef[] = [];
  failNext = false;

  async publish(tasks: readonly TaskRef[]): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error("broker unreachable");
    }
    for (const t of tasks) {
      this.published.push(t.id);
      this.types.push(t.type);
      this.refs.push(t);
    }
  }
}

/**
 * Registered types for tests: `sleep` accepts any string; others are added with a checker.
 * Held to the same expectations as the PostgreSQL catalog by the intake tests.
 */
export class StaticTypeCatalog implements TaskTypeCatalog {
  readonly types = new Map<string, TypeRules>([
    [
      "sleep",
      {
        maxAttempts: 3,
        check: (input) => (typeof input === "string" ? null : [{ path: "", message: "must be string" }]),
      },
    ],
  ]);
  async rules(): Promise<ReadonlyMap<string, TypeRules>> {
    return this.types;
  }
  async list(): Promise<TaskTypeInfo[]> {
    return [];
  }
}

export class RecordingCancelSignal implements CancelSignal {
  readonly announced: number[] = [];
  fail = false;

  async announce(ids: readonly number[]): Promise<void> {
    if (this.fail) throw new Error("cache unreachable");
    this.announced.push(...ids);
  }
}

export interface LogEntry {
  level: "info" | "warn" | "error";
  context: object;
  message: string;
}

export class MemoryLog implements Log {
  readonly entries: LogEntry[] = [];
  info(context: object, message: string) {
    this.entries.push({ level: "info", context, message });
  }
  warn(context: object, message: string) {
    this.entries.push({ level: "warn", context, message });
  }
  error(context: object, message: string) {
    this.entries.push({ level: "error", context, message });
  }
}

/** A change feed tests can fire by hand. */
export class ManualChangeFeed implements ChangeFeed {
  private readonly listeners = new Set<() => void>();
  subscribe(listener: () => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  fire() {
    for (const l of this.listeners) l();
  }
  get subscribers() {
    return this.listeners.size;
  }
}

export class StaticConsumers implements ConsumerDirectory {
  constructor(public consumers: ConsumerInfo[] = []) {}
  async live() {
    return this.consumers;
  }
}

export class StaticQueue implements QueueProbe {
  constructor(public value: number | null = 0) {}
  async depth() {
    return this.value;
  }
}

/** Keeps audit entries in memory, newest last. */
export class MemoryAuditLog implements AuditLog {
  readonly entries: AuditEntry[] = [];
  async record(entry: AuditRecord): Promise<void> {
    this.entries.push({ ...entry, id: String(this.entries.length + 1), at: new Date().toISOString() });
  }
  async flush(): Promise<void> {}
  async list({ before, limit, ...filter }: AuditQuery): Promise<AuditEntry[]> {
    const older = before ? this.entries.filter((e) => Number(e.id) < Number(before)) : this.entries;
    return older
      .filter((e) => matchesAuditFilter(e, filter))
      .reverse()
      .slice(0, limit);
  }
}
