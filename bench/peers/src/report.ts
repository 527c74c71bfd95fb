import type { LatencyResult } from "./create-latency";
import type { PeerRun, Workload } from "./peer-run";
import { median, mib, range } from "./stats";

export type PeerName = "this project" | "BullMQ" | "pg-boss";

export interface WorkloadResult {
  workload: Workload;
  runs: Map<PeerName, { configuration: string; runs: PeerRun[] }>;
}

const seconds = (values: number[]) => {
  const { min, max } = range(values);
  return `${median(values).toFixed(2)} s (${min.toFixed(2)}–${max.toFixed(2)})`;
};

/** One block per workload: configuration, median time with min–max, throughput, memory, ratio. */
export function formatWorkload({ workload, runs }: WorkloadResult): string {
  const ours = runs.get("this project");
  const ourMedian = ours ? median(ours.runs.map((r) => r.seconds)) : Number.NaN;
  const lines = [
    `\n## ${workload.title} — ${workload.tasks.toLocaleString("en")} tasks, first create → all completed`,
  ];
  lines.push(
    `${"system".padEnd(14)}${"median (min–max)".padEnd(26)}${"tasks/s".padStart(9)}` +
      `${"peak RSS".padStart(10)}  ${"peer/ours".padEnd(11)}configuration`,
  );
  for (const [name, { configuration, runs: list }] of runs) {
    const times = list.map((r) => r.seconds);
    const m = median(times);
    // Peer's median time over ours: above 1 means this project finished sooner.
    const ratio = name === "this project" ? "—" : `${(m / ourMedian).toFixed(2)}×`;
    lines.push(
      `${name.padEnd(14)}${seconds(times).padEnd(26)}${(workload.tasks / m).toFixed(0).padStart(9)}` +
        `${mib(median(list.map((r) => r.peakRssBytes))).padStart(10)}  ${ratio.padEnd(11)}${configuration}`,
    );
  }
  return lines.join("\n");
}

export function formatLatency(results: readonly LatencyResult[]): string {
  return [
    "\n## single create latency — this project, one plain HTTP POST per task to the API server, open loop",
    ...results.map(
      (result) =>
        `${result.rate}/s for ${(result.sent / result.rate).toFixed(0)} s: ${result.sent} sent, ${result.failed} failed; ` +
        `p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, max ${result.max.toFixed(1)} ms ` +
        `(the sender used ${(result.senderCpu * 100).toFixed(0)} % of a core)`,
    ),
  ].join("\n");
}
