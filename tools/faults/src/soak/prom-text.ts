/** The process figures a soak run watches (prom-client's default metrics). */
export const WATCHED = {
  rss: "process_resident_memory_bytes",
  heap: "nodejs_heap_size_used_bytes",
  handles: "nodejs_active_handles_total",
} as const;

export type ProcessFigures = Record<keyof typeof WATCHED, number>;

/**
 * Sums each watched metric over its series in a Prometheus text exposition (labels ignored);
 * NaN for a metric that is missing.
 */
export function readProcessFigures(text: string): ProcessFigures {
  const sums = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const value = Number(m[3]);
    if (Number.isFinite(value)) sums.set(m[1]!, (sums.get(m[1]!) ?? 0) + value);
  }
  const get = (name: string) => sums.get(name) ?? Number.NaN;
  return { rss: get(WATCHED.rss), heap: get(WATCHED.heap), handles: get(WATCHED.handles) };
}

/** Nearest-rank percentile (q in 0..1) of unsorted values; NaN when empty. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length))) - 1]!;
}
