/**
 * A short human duration: "0.4 s", "12.3 s", "4 m 05 s", "2 h 07 m".
 * Null (no duration yet, or not applicable) renders as an em dash.
 */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return "—";
  const clamped = Math.max(0, ms);
  if (clamped < 60_000) return `${(clamped / 1000).toFixed(1)} s`;
  const totalSeconds = Math.floor(clamped / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours === 0) return `${minutes} m ${pad(seconds)} s`;
  return `${hours} h ${pad(minutes)} m`;
}

const pad = (n: number) => String(n).padStart(2, "0");
