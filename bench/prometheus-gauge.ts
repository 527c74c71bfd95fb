/** Reads one unlabelled gauge from a Prometheus text page; null when unreachable. */
export async function readGauge(url: string, name: string): Promise<number | null> {
  try {
    const text = await (await fetch(url, { signal: AbortSignal.timeout(2_000) })).text();
    const line = text.split("\n").find((l) => l.startsWith(`${name} `));
    return line ? Number(line.split(" ")[1]) : null;
  } catch {
    return null;
  }
}
