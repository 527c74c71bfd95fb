const dateTime = new Intl.DateTimeFormat("en", {
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
  timeZoneName: "short",
});

/**
 * Local date and time of an ISO timestamp, ISO-like and unambiguous in any locale, with the time zone:
 * "2026-11-29 14:03:07 UTC" (or "… GMT+1").
 */
export function formatDateTime(iso: string): string {
  const part: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const { type, value } of dateTime.formatToParts(new Date(iso))) part[type] = value;
  const zone = part.timeZoneName ? ` ${part.timeZoneName}` : "";
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}:${part.second}${zone}`;
}

/**
 * A point in time short enough for a table cell: the local time of day ("21:52:23") when it falls on
 * the same local day as `now`, else the full date and time (formatDateTime).
 */
export function formatShortDateTime(iso: string, now: number): string {
  const full = formatDateTime(iso);
  const sameDay = new Date(iso).toDateString() === new Date(now).toDateString();
  return sameDay ? full.slice(11, 19) : full;
}

const relative = new Intl.RelativeTimeFormat("en", { style: "short", numeric: "auto" });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", Number.POSITIVE_INFINITY],
];

/**
 * How far `iso` is from `now`, short: "now", "12 sec. ago", "3 min. ago", "in 2 sec.", "yesterday".
 * Rounded toward zero, so "59 sec. ago" is followed by "1 min. ago", never "60 sec. ago".
 */
export function formatRelative(iso: string, now: number): string {
  let value = (Date.parse(iso) - now) / 1000;
  for (const [unit, perNext] of UNITS) {
    if (Math.abs(value) < perNext) return relative.format(Math.trunc(value) || 0, unit);
    value /= perNext;
  }
  return relative.format(Math.trunc(value), "day");
}

/** Shortens long payloads for a table cell; the full text stays available elsewhere (title). */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A nullable timestamp in the browser's own locale for admin tables, or a dash when there is none. */
export function formatWhen(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : "—";
}
