import type { Attempt, Pause } from "./ledger";

/**
 * How long a stale attempt may keep running, while its process can run, after a newer attempt of
 * its task started: one tick of the worker's self-fence (packages/worker/src/lease-keeper.ts checks
 * every LEASE_MS/20, at most every second, and stops work whose lease it could not renew for half
 * of LEASE_MS). A worker that fences itself stops half a lease before anyone may take its task
 * over, so any overlap means the fence failed; one tick is the slack for a process that was frozen
 * (SIGSTOP) past its lease and must notice, once thawed, that its lease is gone.
 */
export function fenceBoundMs(leaseMs: number): number {
  return Math.max(20, Math.min(1_000, Math.floor(leaseMs / 20)));
}

/** Milliseconds of [from, to) during which the process was not frozen. */
function runnableMs(from: number, to: number, pauses: readonly Pause[]): number {
  if (!(to > from)) return 0;
  if (to === Number.POSITIVE_INFINITY) return to;
  let frozen = 0;
  for (const [stop, cont] of pauses) frozen += Math.max(0, Math.min(to, cont) - Math.max(from, stop));
  return to - from - frozen;
}

/**
 * For every pair of attempts of one task (aborted ones included: an abort that comes late is the
 * bug this looks for), how long the earlier one ran on, while it could run, after the later one
 * started. Returns the pairs that ran on longer than `boundMs` and the longest run-on seen.
 */
export function overlapsOf(
  list: readonly Attempt[],
  pauses: ReadonlyMap<number, readonly Pause[]>,
  boundMs: number,
): { beyondBound: number; longestMs: number } {
  const sorted = [...list].sort((x, y) => x.startedAt - y.startedAt);
  let beyondBound = 0;
  let longestMs = 0;
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const early = sorted[i]!;
      const late = sorted[j]!;
      const end = Math.min(early.endedAt, late.endedAt);
      const ranOn = runnableMs(late.startedAt, end, pauses.get(early.pid) ?? []);
      longestMs = Math.max(longestMs, ranOn);
      if (ranOn > boundMs) beyondBound++;
    }
  }
  return { beyondBound, longestMs };
}

/** Pairs of attempts whose intervals intersect at all (for successes: completed twice at once). */
export function concurrentPairs(list: readonly Attempt[]): number {
  const sorted = [...list].sort((x, y) => x.startedAt - y.startedAt);
  let pairs = 0;
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) if (sorted[j]!.startedAt < sorted[i]!.endedAt) pairs++;
  }
  return pairs;
}
