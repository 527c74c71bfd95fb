const pad = (n: number) => String(n).padStart(2, "0");

/** An ISO timestamp as a `<input type="datetime-local">` value in the browser's time zone. */
export function isoToLocalInput(iso: string): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `${date}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` value (local time, no zone) as an ISO timestamp; "" when empty or invalid. */
export function localInputToIso(value: string): string {
  if (!value) return "";
  const d = new Date(value); // a date-time without a zone is local time
  return Number.isNaN(d.getTime()) ? "" : d.toISOString();
}
