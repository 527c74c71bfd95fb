import { appendFileSync, existsSync, readFileSync } from "node:fs";

/**
 * One line of the ledger file: the consumers append each work attempt's start and end (or abort)
 * (apps/consumer/src/work-ledger.ts); the orchestrator appends every consumer process exit, so an
 * attempt of a process killed with -9 has an end too.
 */
export type LedgerLine =
  | {
      event: "start" | "end" | "abort";
      task: number;
      attempt: number;
      consumer: string;
      pid: number;
      at: number;
      ok?: boolean;
      reason?: string;
    }
  | { event: "exit"; consumer: string; pid: number; at: number; signal: string | null };

/** One work attempt as the ledger tells it. */
export interface Attempt {
  task: number;
  attempt: number;
  consumer: string;
  pid: number;
  startedAt: number;
  /** When it ended, was aborted, or its process died; Infinity while it (apparently) still runs. */
  endedAt: number;
  outcome: "ok" | "error" | "abort" | "died" | "running";
}

/** When a consumer process exited, and the signal that ended it (null: it exited by itself). */
export interface Death {
  at: number;
  signal: string | null;
}

export function appendLedger(file: string, line: LedgerLine) {
  appendFileSync(file, `${JSON.stringify(line)}\n`);
}

export function readLedger(file: string): LedgerLine[] {
  if (!existsSync(file)) return [];
  const lines: LedgerLine[] = [];
  for (const text of readFileSync(file, "utf8").split("\n")) {
    if (!text) continue;
    try {
      lines.push(JSON.parse(text) as LedgerLine);
    } catch {
      // A line cut short by kill -9 in the middle of a write: not an attempt we can judge.
    }
  }
  return lines;
}

/** Pairs every start with its end, abort or the death of its process. */
export function attemptsOf(ledger: readonly LedgerLine[]): {
  attempts: Attempt[];
  deaths: Map<number, Death>;
} {
  const deaths = new Map<number, Death>();
  for (const line of ledger)
    if (line.event === "exit") deaths.set(line.pid, { at: line.at, signal: line.signal });
  const attempts: Attempt[] = [];
  const open = new Map<string, Attempt>();
  const keyOf = (task: number, attempt: number, pid: number) => `${task}/${attempt}/${pid}`;
  for (const line of ledger) {
    if (line.event === "exit") continue;
    const key = keyOf(line.task, line.attempt, line.pid);
    if (line.event === "start") {
      const a: Attempt = {
        task: line.task,
        attempt: line.attempt,
        consumer: line.consumer,
        pid: line.pid,
        startedAt: line.at,
        endedAt: Number.POSITIVE_INFINITY,
        outcome: "running",
      };
      attempts.push(a);
      open.set(key, a);
      continue;
    }
    const a = open.get(key);
    if (!a) continue;
    open.delete(key);
    a.endedAt = line.at;
    a.outcome = line.event === "abort" ? "abort" : line.ok ? "ok" : "error";
  }
  for (const a of open.values()) {
    const died = deaths.get(a.pid);
    if (died !== undefined) {
      a.endedAt = died.at;
      a.outcome = "died";
    }
  }
  return { attempts, deaths };
}
