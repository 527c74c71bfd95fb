import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import { type Figures, formatFigures, type History } from "./invariants";
import { type FaultSystem, type FaultSystemOptions, startFaultSystem } from "./system";

export interface ScenarioOptions<A = undefined> extends Omit<FaultSystemOptions, "templateUrl"> {
  /** How long to wait, after the fault, for every task to become terminal. */
  drainTimeoutMs?: number;
  /** Reads what else the scenario checks once every task is terminal (before the system stops). */
  afterDrain?(system: FaultSystem): Promise<A>;
}

/** What the scenario body reports for the checker, plus figures of its own for the log line. */
export type ScenarioReport = Omit<History, "tasks" | "ledger" | "deadLetters"> & {
  notes?: Record<string, string | number>;
};

export interface ScenarioOutcome<A = undefined> {
  figures: Figures;
  notes: Record<string, string | number>;
  seconds: number;
  /** What `afterDrain` read. */
  after: A | undefined;
}

/**
 * Starts a fresh system, runs `body` (which injects the fault and restores it in its own
 * `finally`), waits for every task to become terminal, checks the whole history, prints one line
 * of figures, and always stops the system.
 */
export async function runScenario<A = undefined>(
  name: string,
  options: ScenarioOptions<A>,
  body: (system: FaultSystem) => Promise<ScenarioReport>,
): Promise<ScenarioOutcome<A>> {
  const started = Date.now();
  const system = await startFaultSystem({ ...options, templateUrl: inject("templateDatabaseUrl") });
  try {
    const { notes = {}, ...report } = await body(system).catch((error: unknown) => {
      console.error(
        `[faults] ${name}: the scenario threw; last output of the processes:\n${system.output()}`,
      );
      throw error;
    });
    await system.waitTerminal(options.drainTimeoutMs ?? 60_000);
    const figures = await system.check(report);
    const after = await options.afterDrain?.(system);
    const seconds = (Date.now() - started) / 1000;
    const extra = Object.entries(notes).map(([k, v]) => `${k} ${v}`);
    console.log([formatFigures(name, figures, seconds), ...extra].join(" | "));
    if (process.env.FAULTS_VERBOSE === "1") console.log(system.output());
    // FAULTS_KEEP_LEDGER=<dir> keeps each scenario's ledger for a closer look.
    const keep = process.env.FAULTS_KEEP_LEDGER;
    if (keep) copyFileSync(system.ledgerFile, join(keep, `${name.replace(/[^a-z0-9]+/gi, "-")}.jsonl`));
    return { figures, notes, seconds, after };
  } finally {
    await system.stop();
  }
}
