import type { AuditQuery } from "./domain/audit-query";

/** One row of the audit log: who called which mutation, about what, and how it ended. */
export interface AuditRecord {
  actorId: string;
  actor: string;
  via: "session" | "apiKey";
  procedure: string;
  target: string | null;
  outcome: string;
}

export interface AuditEntry extends AuditRecord {
  id: string;
  at: string;
}

/** Append-only record of every mutation; listed newest first. */
export interface AuditLog {
  /** Resolves once the entry is stored. */
  record(entry: AuditRecord): Promise<void>;
  /** Resolves once every entry recorded so far is stored (or failed): before shutting down. */
  flush(): Promise<void>;
  /** Entries matching the query's filter and older than `before` (an entry id), newest first. */
  list(query: AuditQuery): Promise<AuditEntry[]>;
}
