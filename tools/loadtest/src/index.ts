import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTasksClient } from "@tps/client";
import type { LoadTestOptions } from "./args";
import { type CreateProgress, createLoad } from "./create-load";
import { buildReport, type LoadTestReport, renderMarkdown } from "./report";
import { renderSvg } from "./svg-chart";
import type { WaitProgress } from "./wait-terminal";
import { waitForTerminal } from "./wait-terminal";

export type { LoadTestOptions } from "./args";
export { parseOptions } from "./args";
export type { LoadTestReport } from "./report";

export interface RunHooks {
  onCreateProgress?(progress: CreateProgress): void;
  onCreatesDone?(): void;
  onWaitProgress?(progress: WaitProgress): void;
}

/** The report's chart: throughput and end-to-end latency over the run. */
export function timelineSvg(report: LoadTestReport): string {
  const { timeline } = report;
  return renderSvg([
    {
      title: `Created and completed per second (target ${report.config.rate}/s)`,
      yLabel: "tasks/s",
      series: [
        { name: "created", color: "#1f77b4", values: timeline.createdPerSecond },
        { name: "completed", color: "#2ca02c", values: timeline.completedPerSecond },
      ],
    },
    {
      title: "End-to-end latency by second of creation",
      yLabel: "seconds",
      series: [
        { name: "p50", color: "#ff7f0e", values: timeline.e2eP50 },
        { name: "p95", color: "#d62728", values: timeline.e2eP95 },
      ],
    },
  ]);
}

/**
 * Runs a load test: paced creates (and cancels), then waits for every task to finish, then writes
 * results/loadtest-<timestamp>.{md,json,svg}. Returns the report and the files written.
 */
export async function runLoadTest(options: LoadTestOptions, hooks: RunHooks = {}) {
  // The API needs an operator (or admin) key: TPS_API_KEY, from the console's API keys page.
  const client = createTasksClient(options.url, { apiKey: process.env.TPS_API_KEY });
  const phase = await createLoad(client, options, hooks.onCreateProgress);
  hooks.onCreatesDone?.();
  const final = await waitForTerminal(
    client,
    phase.tasks.map((t) => t.id),
    { timeoutMs: options.settleTimeoutMs, onProgress: hooks.onWaitProgress },
  );
  const report = buildReport(options, phase, final);

  mkdirSync(options.outDir, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, "-");
  const base = join(options.outDir, `loadtest-${stamp}`);
  const files = { markdown: `${base}.md`, json: `${base}.json`, svg: `${base}.svg` };
  writeFileSync(files.svg, timelineSvg(report));
  writeFileSync(files.json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(files.markdown, renderMarkdown(report, `loadtest-${stamp}.svg`));
  return { report, files };
}
