import { ACTIVITY_RANGE_KEYS, type ActivityRange } from "@tps/api/client";

/** The range named in the URL's `range` parameter, or the default (15 min) when absent or unknown. */
export function rangeFromSearch(value: string | undefined | null): ActivityRange {
  return ACTIVITY_RANGE_KEYS.find((range) => range === value) ?? "15m";
}
