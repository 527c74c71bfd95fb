const clock = new Intl.DateTimeFormat(undefined, {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hour12: false,
});

/** Local wall-clock time of an ISO timestamp ("14:03:07"); an em dash when there is none. */
export function formatClock(iso: string | null): string {
  return iso === null ? "—" : clock.format(new Date(iso));
}

/** Shortens long payloads for a table cell; the full text stays available elsewhere (title). */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
