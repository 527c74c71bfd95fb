import { type Attempt, attemptsOf, type LedgerLine } from "../ledger";
import { percentile } from "../soak/prom-text";

/**
 * How the attempts of `tasks` that were running at `since` (epoch ms) ended: how many stopped
 * (aborted), how many did not (finished their work, died, or still run), and how long after
 * `since` the stopped ones stopped (p50 and max, ms).
 */
export function stopsAfter(ledger: readonly LedgerLine[], tasks: Iterable<number>, since: number) {
  const wanted = new Set(tasks);
  const running = attemptsOf(ledger).attempts.filter(
    (a) => wanted.has(a.task) && a.startedAt <= since && a.endedAt > since,
  );
  return summarize(running, since);
}

/** The same for the attempts of process `pid` running at `since`. */
export function stopsOfProcessAfter(ledger: readonly LedgerLine[], pid: number, since: number) {
  const running = attemptsOf(ledger).attempts.filter(
    (a) => a.pid === pid && a.startedAt <= since && a.endedAt > since,
  );
  return summarize(running, since);
}

function summarize(running: readonly Attempt[], since: number) {
  const stopped = running.filter((a) => a.outcome === "abort");
  const latencies = stopped.map((a) => a.endedAt - since);
  return {
    running: running.length,
    stopped: stopped.length,
    notStopped: running.length - stopped.length,
    finishedInstead: running.filter((a) => a.outcome === "ok").length,
    p50Ms: percentile(latencies, 0.5),
    maxMs: latencies.length ? Math.max(...latencies) : Number.NaN,
  };
}

/** The figures as one short text for a scenario's notes. */
export const describeStops = (s: ReturnType<typeof summarize>) =>
  `${s.stopped}/${s.running} stopped (p50 ${fmt(s.p50Ms)} ms, max ${fmt(s.maxMs)} ms), ${s.finishedInstead} finished instead`;
const fmt = (ms: number) => (Number.isNaN(ms) ? "-" : ms.toFixed(0));
