import { formatDuration } from "./format-duration";

/** A task type's limits as the API reports them (`TaskTypeInfo.limits`). */
export interface TypeLimits {
  concurrency: { limit: number; keyed: boolean } | null;
  rate: { max: number; perMs: number; keyed: boolean } | null;
}

const perKey = (keyed: boolean) => (keyed ? " per key" : "");

/** "at most 5 running per key", or null without a concurrency limit. */
export function describeConcurrency(limits: TypeLimits | null | undefined): string | null {
  const c = limits?.concurrency;
  return c ? `at most ${c.limit.toLocaleString("en")} running${perKey(c.keyed)}` : null;
}

/** A window as people say it: "1 min", "2 h", "1.5 s" ("per 1 min" reads better than "per 60.0 s"). */
export function describeWindow(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, "d"],
    [3_600_000, "h"],
    [60_000, "min"],
    [1_000, "s"],
  ];
  for (const [size, name] of units) {
    if (ms >= size && ms % size === 0) return `${ms / size} ${name}`;
  }
  return ms >= 1_000 ? formatDuration(ms) : `${ms} ms`;
}

/** "100 starts per 1 min per key", or null without a rate limit. */
export function describeRate(limits: TypeLimits | null | undefined): string | null {
  const r = limits?.rate;
  if (!r) return null;
  return `${r.max.toLocaleString("en")} starts per ${describeWindow(r.perMs)}${perKey(r.keyed)}`;
}
