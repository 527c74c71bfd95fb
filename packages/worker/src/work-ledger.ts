import { appendFileSync } from "node:fs";
import { abortCodeOf } from "./errors";
import { callWork, type WorkFn, type WorkOutput } from "./work";

/** One line of the work ledger (JSON Lines), read by the fault-injection suite (tools/faults). */
export interface LedgerEntry {
  task: number;
  attempt: number;
  consumer: string;
  pid: number;
  event: "start" | "end" | "abort";
  /** Epoch ms. */
  at: number;
  /** end: the work succeeded (false: it threw). */
  ok?: boolean;
  /** abort: why (canceled, shutdown). */
  reason?: string;
}

/**
 * Wraps `work` so every attempt appends its start and its end (or abort) to `file`, for tests that
 * check invariants over the whole history. Synchronous appends of one short line each: for tests,
 * not for production (opt-in through WORK_LEDGER_FILE).
 */
export function withWorkLedger(work: WorkFn, file: string, consumer: string): WorkFn {
  const record = (entry: Omit<LedgerEntry, "consumer" | "pid" | "at">) =>
    appendFileSync(file, `${JSON.stringify({ ...entry, consumer, pid: process.pid, at: Date.now() })}\n`);
  /** Records how the attempt ended; holds the ids, not the task (whose payload may be large). */
  async function recordEnd(
    base: Pick<LedgerEntry, "task" | "attempt">,
    // biome-ignore lint/suspicious/noConfusingVoidType: see WorkFn
    running: Promise<WorkOutput | void>,
    signal: AbortSignal,
  ) {
    // biome-ignore lint/suspicious/noConfusingVoidType: see WorkFn
    let output: WorkOutput | void;
    try {
      output = await running;
    } catch (error) {
      if (signal.aborted)
        record({ ...base, event: "abort", reason: abortCodeOf(signal) ?? String(signal.reason) });
      else record({ ...base, event: "end", ok: false });
      throw error;
    }
    record({ ...base, event: "end", ok: true });
    return output;
  }
  return (task, signal) => {
    const base = { task: task.id, attempt: task.attempts };
    record({ ...base, event: "start" });
    return recordEnd(base, callWork(work, task, signal), signal);
  };
}
