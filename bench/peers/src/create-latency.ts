import { percentile, sleep } from "./stats";

export interface LatencyResult {
  rate: number;
  sent: number;
  failed: number;
  p50: number;
  p99: number;
  max: number;
}

/**
 * Open-loop single-create latency: one plain HTTP POST per task (no client batching) sent on a
 * fixed schedule, whether or not earlier requests have answered, so a slow server cannot slow the
 * load down and hide its own queueing (coordinated omission).
 */
export async function measureCreateLatency(
  trpcUrl: string,
  headers: Record<string, string>,
  rate: number,
  seconds: number,
): Promise<LatencyResult> {
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const start = performance.now();
  const latencies: number[] = [];
  let failed = 0;
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    inFlight.push(
      fetch(`${trpcUrl}/tasks.create`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ payload: `latency-${i}` }),
      }).then(
        async (response) => {
          await response.arrayBuffer();
          // Measured from when the request was due, not when the timer fired.
          if (response.ok) latencies.push(performance.now() - due);
          else failed++;
        },
        () => {
          failed++;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  latencies.sort((a, b) => a - b);
  return {
    rate,
    sent: total,
    failed,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    max: latencies.at(-1) ?? Number.NaN,
  };
}
