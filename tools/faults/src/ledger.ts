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
  | { event: "exit"; consumer: string; pid: number; at: number; signal: string | null }
  /** The orchestrator froze (SIGSTOP) or thawed (SIGCONT) a consumer: a frozen process cannot fence itself. */
  | { event: "pause" | "resume"; consumer: string; pid: number; at: number };

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
  /** Why an aborted attempt stopped (canceled, timeout, shutdown, lease_lost). */
  reason?: string;
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

/** When a process was frozen: [SIGSTOP at, SIGCONT at] (Infinity while still frozen). */
export type Pause = readonly [number, number];

/** Pairs every start with its end, abort or the death of its process. */
export function attemptsOf(ledger: readonly LedgerLine[]): {
  attempts: Attempt[];
  deaths: Map<number, Death>;
  pauses: Map<number, Pause[]>;
} {
  const deaths = new Map<number, Death>();
  const pauses = new Map<number, Pause[]>();
  for (const line of ledger) {
    if (line.event === "exit") deaths.set(line.pid, { at: line.at, signal: line.signal });
    if (line.event === "pause") pauses.set(line.pid, [...(pauses.get(line.pid) ?? []), [line.at, Infinity]]);
    if (line.event === "resume") {
      const list = pauses.get(line.pid) ?? [];
      const last = list[list.length - 1];
      if (last && last[1] === Infinity) list[list.length - 1] = [last[0], line.at];
    }
  }
  const attempts: Attempt[] = [];
  const open = new Map<string, Attempt>();
  const keyOf = (task: number, attempt: number, pid: number) => `${task}/${attempt}/${pid}`;
  for (const line of ledger) {
    if (!("task" in line)) continue; // exits, pauses and resumes of processes
    // Ids may come as text once they are bigint; every id in a scenario fits a number.
    const task = Number(line.task);
    const key = keyOf(task, line.attempt, line.pid);
    if (line.event === "start") {
      const a: Attempt = {
        task,
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
    if (line.reason !== undefined) a.reason = line.reason;
  }
  for (const a of open.values()) {
    const died = deaths.get(a.pid);
    if (died !== undefined) {
      a.endedAt = died.at;
      a.outcome = "died";
    }
  }
  return { attempts, deaths, pauses };
}
