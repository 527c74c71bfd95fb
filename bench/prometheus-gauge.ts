/**
 * Reads one unlabelled gauge from a Prometheus text page; null when unreachable. `headers` carry
 * credentials for a metrics page that asks for them.
 */
export async function readGauge(
  url: string,
  name: string,
  headers: Record<string, string> = {},
): Promise<number | null> {
  try {
    const text = await (await fetch(url, { headers, signal: AbortSignal.timeout(2_000) })).text();
    const line = text.split("\n").find((l) => l.startsWith(`${name} `));
    return line ? Number(line.split(" ")[1]) : null;
  } catch {
    return null;
  }
}
