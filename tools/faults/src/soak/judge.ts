import { percentile } from "./prom-text";

/** What a soak run must stay within; crossing any of them fails the run (non-zero exit). */
export interface SoakBounds {
  /** Growth of a process's RSS / heap used, MiB per hour, from a least-squares line after the warm-up. */
  rssMiBPerHour: number;
  heapMiBPerHour: number;
  /** Samples before this (ms from the start) are left out of the memory lines: start-up and JIT. */
  warmupMs: number;
  /** Failed creates / creates due, over the whole run; the last third may not exceed the first by more. */
  errorRate: number;
  /** Create latency p99 of the last third may be at most this many times the first third's ... */
  p99DriftRatio: number;
  /** ... unless it grew by less than this (ms): a few ms on a small p99 is noise, not drift. */
  p99DriftFloorMs: number;
}

export const DEFAULT_SOAK_BOUNDS: SoakBounds = {
  rssMiBPerHour: 64,
  heapMiBPerHour: 32,
  warmupMs: 5 * 60_000,
  errorRate: 0.001,
  p99DriftRatio: 1.5,
  p99DriftFloorMs: 50,
};

/** One scrape of one process: ms from the start, RSS and heap used in bytes (NaN: unreachable). */
export interface MemorySample {
  atMs: number;
  rss: number;
  heap: number;
}

/** One create call: when it was due (ms from the start), how many tasks, and how it went. */
export interface CallSample {
  atMs: number;
  tasks: number;
  ok: boolean;
  latencyMs: number;
}

export interface Verdict {
  what: string;
  value: number;
  bound: number;
  ok: boolean;
}

const MIB = 1_048_576;
const HOUR_MS = 3_600_000;

/** Slope of the least-squares line through (x, y); NaN with fewer than 2 distinct x. */
export function slope(points: readonly (readonly [number, number])[]): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return sxx === 0 ? Number.NaN : sxy / sxx;
}

/** MiB per hour of `pick` over the samples after the warm-up (unreachable scrapes left out). */
function growth(samples: readonly MemorySample[], pick: (s: MemorySample) => number, warmupMs: number) {
  const points = samples
    .filter((s) => s.atMs >= warmupMs && Number.isFinite(pick(s)))
    .map((s) => [s.atMs / HOUR_MS, pick(s) / MIB] as const);
  return slope(points);
}

const thirds = <T extends { atMs: number }>(items: readonly T[], durationMs: number) => ({
  first: items.filter((c) => c.atMs < durationMs / 3),
  last: items.filter((c) => c.atMs >= (2 * durationMs) / 3),
});

const errorRateOf = (calls: readonly CallSample[]) => {
  const due = calls.reduce((s, c) => s + c.tasks, 0);
  return due === 0 ? 0 : calls.filter((c) => !c.ok).reduce((s, c) => s + c.tasks, 0) / due;
};

/**
 * Judges a soak run: memory growth per process, error rate (overall, and the last third against
 * the first), and create p99 drift (last third against the first). A memory line that cannot be
 * fitted (too few samples after the warm-up) fails: an unjudged run is not a passed one.
 */
export function judgeSoak(
  processes: Readonly<Record<string, readonly MemorySample[]>>,
  calls: readonly CallSample[],
  durationMs: number,
  bounds: SoakBounds,
): Verdict[] {
  const verdicts: Verdict[] = [];
  const add = (what: string, value: number, bound: number) =>
    verdicts.push({ what, value, bound, ok: Number.isFinite(value) && value <= bound });
  for (const [name, samples] of Object.entries(processes)) {
    add(
      `${name} RSS growth MiB/h`,
      growth(samples, (s) => s.rss, bounds.warmupMs),
      bounds.rssMiBPerHour,
    );
    add(
      `${name} heap growth MiB/h`,
      growth(samples, (s) => s.heap, bounds.warmupMs),
      bounds.heapMiBPerHour,
    );
  }
  const { first, last } = thirds(calls, durationMs);
  add("error rate", errorRateOf(calls), bounds.errorRate);
  add("error rate rise, last third - first", errorRateOf(last) - errorRateOf(first), bounds.errorRate);
  const p99 = (cs: readonly CallSample[]) =>
    percentile(
      cs.filter((c) => c.ok).map((c) => c.latencyMs),
      0.99,
    );
  const [p99First, p99Last] = [p99(first), p99(last)];
  // The bound on the last third's p99: the larger of ratio x first and first + floor.
  const p99Bound = Math.max(p99First * bounds.p99DriftRatio, p99First + bounds.p99DriftFloorMs);
  add(`create p99 ms, last third (first ${p99First.toFixed(0)})`, p99Last, p99Bound);
  return verdicts;
}

export function formatVerdicts(verdicts: readonly Verdict[]): string {
  return verdicts
    .map((v) => `${v.ok ? "ok  " : "FAIL"} ${v.what}: ${fmt(v.value)} (bound ${fmt(v.bound)})`)
    .join("\n");
}

const fmt = (n: number) => (Number.isFinite(n) ? (Math.abs(n) < 1 ? n.toFixed(4) : n.toFixed(1)) : "n/a");
