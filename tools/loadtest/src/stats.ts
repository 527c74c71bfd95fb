/** Nearest-rank percentile of an ascending array (q in 0..1); NaN for an empty array. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export interface Summary {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    min: sorted[0] ?? Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** Counts values into buckets with the given upper bounds (the last bucket is open-ended). */
export function distribution(values: readonly number[], bounds: readonly number[]) {
  const counts = new Array<number>(bounds.length + 1).fill(0);
  for (const v of values) {
    const i = bounds.findIndex((b) => v <= b);
    counts[i === -1 ? bounds.length : i]! += 1;
  }
  return counts.map((count, i) => ({
    from: i === 0 ? 0 : bounds[i - 1]!,
    to: i < bounds.length ? bounds[i]! : Number.POSITIVE_INFINITY,
    count,
  }));
}

/** Events per whole second since `startMs` (index = second), covering `seconds` seconds at least. */
export function perSecond(timesMs: readonly number[], startMs: number, seconds = 0): number[] {
  let length = seconds;
  for (const t of timesMs) length = Math.max(length, Math.floor((t - startMs) / 1_000) + 1);
  const counts = new Array<number>(Math.max(0, length)).fill(0);
  for (const t of timesMs) {
    const second = Math.floor((t - startMs) / 1_000);
    if (second >= 0) counts[second]! += 1;
  }
  return counts;
}

/** A percentile of the values falling in each whole second of their timestamps (NaN when empty). */
export function percentilePerSecond(
  samples: readonly { atMs: number; value: number }[],
  startMs: number,
  q: number,
): number[] {
  const buckets: number[][] = [];
  for (const { atMs, value } of samples) {
    const second = Math.floor((atMs - startMs) / 1_000);
    if (second < 0) continue;
    for (let i = buckets.length; i <= second; i++) buckets.push([]);
    buckets[second]!.push(value);
  }
  return buckets.map((values) =>
    percentile(
      [...values].sort((a, b) => a - b),
      q,
    ),
  );
}
