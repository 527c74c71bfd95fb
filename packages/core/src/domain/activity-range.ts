/**
 * The windows the dashboard's throughput can cover, each with a bucket size that keeps the chart at
 * 24–48 bars. Pure data, so the console can offer the same list the API accepts.
 */
export const ACTIVITY_RANGES = {
  "15m": { label: "15 min", windowMinutes: 15, bucketSeconds: 30 },
  "1h": { label: "1 h", windowMinutes: 60, bucketSeconds: 120 },
  "24h": { label: "24 h", windowMinutes: 24 * 60, bucketSeconds: 3_600 },
  "7d": { label: "7 d", windowMinutes: 7 * 24 * 60, bucketSeconds: 6 * 3_600 },
} as const;

export type ActivityRange = keyof typeof ACTIVITY_RANGES;
export const ACTIVITY_RANGE_KEYS = Object.keys(ACTIVITY_RANGES) as ActivityRange[];
export const DEFAULT_ACTIVITY_RANGE: ActivityRange = "15m";
