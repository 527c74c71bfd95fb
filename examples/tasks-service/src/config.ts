/** The only place that reads the environment. */
export function readConfig() {
  const url = process.env.TPS_URL || "http://127.0.0.1:3000/api/trpc";
  const apiKey = process.env.TPS_API_KEY || undefined;
  const waitMs = Number(process.env.TPS_WAIT_MS || 60_000);
  if (!Number.isFinite(waitMs) || waitMs <= 0) throw new Error(`TPS_WAIT_MS must be a positive number`);
  return { url, apiKey, waitMs };
}
