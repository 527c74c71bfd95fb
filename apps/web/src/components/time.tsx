import { formatDateTime, formatRelative, formatShortDateTime } from "@/lib/format-time";

interface Props {
  /** ISO timestamp; `null` renders an em dash. */
  value: string | null;
  /** The current time (from useNow), so relative times move on. */
  now: number;
  /**
   * `relative`: "3 min. ago" with the date and time in the tooltip (tables);
   * `both`: "3 min. ago · 2026-11-29 14:03:07 UTC" (detail pages);
   * `absolute`: the date and time, with the relative time in the tooltip (timelines);
   * `short`: the time of day when today, else the date and time; both in the tooltip (table notes).
   */
  show?: "relative" | "both" | "absolute" | "short";
}

/** A point in time: relative to now and as a local date and time, in a `<time dateTime>`. */
export function Time({ value, now, show = "relative" }: Props) {
  if (value === null) return "—";
  const ago = formatRelative(value, now);
  const absolute = formatDateTime(value);
  if (show === "both") {
    return (
      <time dateTime={value} className="time-both">
        <span className="time-relative">{ago}</span>
        <span className="time-absolute">{absolute}</span>
      </time>
    );
  }
  if (show === "short") {
    return (
      <time dateTime={value} title={`${absolute} (${ago})`}>
        {formatShortDateTime(value, now)}
      </time>
    );
  }
  return (
    <time dateTime={value} title={show === "relative" ? absolute : ago}>
      {show === "relative" ? ago : absolute}
    </time>
  );
}
