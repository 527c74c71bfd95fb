import type { ActivityBucket } from "@tps/api/client";

export interface ThroughputPoint extends Omit<ActivityBucket, "at"> {
  /** Bucket start as local wall-clock time ("14:03"), for the chart's axis. */
  label: string;
  at: string;
}

const clock = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hour12: false });
const dayAndClock = new Intl.DateTimeFormat("en-GB", {
  weekday: "short",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});

/** The axis label of a bucket: the time of day, with the weekday once buckets are an hour or longer. */
export const bucketLabel = (bucketSeconds: number) => (date: Date) =>
  (bucketSeconds >= 3_600 ? dayAndClock : clock).format(date);

/** "15 minutes", "1 hour", "24 hours", "7 days": a window for headings. */
export function describeWindow(minutes: number): string {
  const [n, unit] =
    minutes % 1_440 === 0 && minutes > 1_440
      ? [minutes / 1_440, "day"]
      : minutes % 60 === 0 && minutes >= 60
        ? [minutes / 60, "hour"]
        : [minutes, "minute"];
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

/** "30 s", "2 min", "1 h", "6 h": a bucket size for headings. */
export function describeBucket(seconds: number): string {
  if (seconds % 3_600 === 0) return `${seconds / 3_600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** Chart rows, oldest first, with a readable time label. */
export function throughputPoints(
  buckets: readonly ActivityBucket[],
  format: (date: Date) => string = (date) => clock.format(date),
): ThroughputPoint[] {
  return [...buckets]
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
    .map((b) => ({ ...b, label: format(new Date(b.at)) }));
}

/** Totals over the whole window. */
export function throughputTotals(buckets: readonly ActivityBucket[]) {
  return buckets.reduce(
    (sum, b) => ({
      completed: sum.completed + b.completed,
      canceled: sum.canceled + b.canceled,
      failed: sum.failed + b.failed,
      created: sum.created + b.created,
    }),
    { completed: 0, canceled: 0, failed: 0, created: 0 },
  );
}

/** Average per minute over the window: `count` events in `windowMinutes`. */
export function perMinute(count: number, windowMinutes: number): number {
  return windowMinutes > 0 ? count / windowMinutes : 0;
}

/** "1,234", "12.5", "0.3": whole numbers with separators, small rates with one decimal. */
export function formatRate(value: number): string {
  if (value >= 100 || Number.isInteger(value)) return Math.round(value).toLocaleString("en");
  return value.toFixed(1);
}
