import { openLoop } from "../../open-loop";
import { percentile } from "./stats";

export interface LatencyResult {
  rate: number;
  sent: number;
  failed: number;
  p50: number;
  p99: number;
  max: number;
  /** CPU the sender used, as a share of one core. */
  senderCpu: number;
}

/**
 * Open-loop single-create latency: one plain HTTP POST per task (no client batching) sent on a
 * fixed schedule, whether or not earlier requests have answered (see open-loop.ts).
 */
export async function measureCreateLatency(
  trpcUrl: string,
  headers: Record<string, string>,
  rate: number,
  seconds: number,
): Promise<LatencyResult> {
  const run = await openLoop({
    url: `${trpcUrl}/tasks.create`,
    headers: { "content-type": "application/json", ...headers },
    body: (i) => JSON.stringify({ payload: `latency-${i}` }),
    rate,
    seconds,
  });
  const ok = run.replies.filter((r) => typeof r.status === "number" && r.status >= 200 && r.status < 300);
  const latencies = ok.map((r) => r.latencyMs).sort((a, b) => a - b);
  return {
    rate,
    sent: run.sent,
    failed: run.sent - ok.length,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    max: latencies.at(-1) ?? Number.NaN,
    senderCpu: run.senderCpu,
  };
}
