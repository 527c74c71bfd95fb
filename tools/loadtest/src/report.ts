import type { Task, TaskStatus } from "@tps/client";
import type { LoadTestOptions } from "./args";
import type { CreatePhase } from "./create-load";
import { distribution, percentilePerSecond, perSecond, type Summary, summarize } from "./stats";

/** End-to-end buckets (seconds) for the distribution table. */
export const E2E_BOUNDS = [1, 2, 3, 3.5, 4, 5, 7.5, 10, 15, 30, 60, 120];

export interface LoadTestReport {
  startedAt: string;
  config: {
    url: string;
    rate: number;
    durationSeconds: number;
    batch: number | "per tick";
    cancelRatio: number;
    failRatio: number;
    workMs: number;
    settleTimeoutSeconds: number;
  };
  creates: {
    requested: number;
    created: number;
    failedTasks: number;
    calls: number;
    failedCalls: number;
    tasksPerCall: number;
    /** Seconds from the first create sent to the last create answered. */
    phaseSeconds: number;
    throughputPerSecond: number;
    latencyMs: Summary;
    errors: Record<string, number>;
  };
  cancels: { requested: number; accepted: number; refused: number };
  outcomes: Record<TaskStatus | "MISSING", number>;
  endToEndSeconds: Summary;
  queueWaitSeconds: Summary;
  endToEndDistribution: { from: number; to: number; count: number }[];
  settle: { waitedSeconds: number; timedOut: boolean };
  /** Per second since the start, from the server's timestamps. */
  timeline: { createdPerSecond: number[]; completedPerSecond: number[]; e2eP50: number[]; e2eP95: number[] };
}

const seconds = (ms: number) => ms / 1_000;
const round = (n: number, digits = 3) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : n);

export function buildReport(
  options: LoadTestOptions,
  phase: CreatePhase,
  final: { tasks: Map<number, Task>; timedOut: boolean; waitedMs: number },
): LoadTestReport {
  const tasks = phase.tasks.map((t) => final.tasks.get(t.id));
  const outcomes = { PENDING: 0, PROCESSING: 0, COMPLETED: 0, CANCELED: 0, FAILED: 0, MISSING: 0 };
  for (const task of tasks) outcomes[task ? task.status : "MISSING"] += 1;

  const completed = tasks.filter((t): t is Task => t?.status === "COMPLETED" && t.finishedAt !== null);
  const e2e = completed.map((t) => ({
    atMs: Date.parse(t.createdAt),
    value: seconds(Date.parse(t.finishedAt!) - Date.parse(t.createdAt)),
  }));
  const queueWait = tasks
    .filter((t): t is Task => t?.startedAt != null)
    .map((t) => seconds(Date.parse(t.startedAt!) - Date.parse(t.createdAt)));

  const okCalls = phase.calls.filter((c) => !c.error);
  const errors: Record<string, number> = {};
  for (const call of phase.calls) if (call.error) errors[call.error] = (errors[call.error] ?? 0) + 1;
  const accepted = phase.cancels.filter((c) => !c.error).length;
  const durationSeconds = seconds(options.durationMs);

  return {
    startedAt: new Date(phase.startedAt).toISOString(),
    config: {
      url: options.url,
      rate: options.rate,
      durationSeconds,
      batch: options.batch === 0 ? "per tick" : options.batch,
      cancelRatio: options.cancelRatio,
      failRatio: options.failRatio,
      workMs: options.workMs,
      settleTimeoutSeconds: seconds(options.settleTimeoutMs),
    },
    creates: {
      requested: phase.total,
      created: phase.tasks.length,
      failedTasks: phase.total - phase.tasks.length,
      calls: phase.calls.length,
      failedCalls: phase.calls.length - okCalls.length,
      tasksPerCall: round(okCalls.length ? phase.tasks.length / okCalls.length : 0, 1),
      phaseSeconds: round(seconds(phase.elapsedMs)),
      throughputPerSecond: round(phase.elapsedMs > 0 ? phase.tasks.length / seconds(phase.elapsedMs) : 0, 1),
      latencyMs: roundSummary(summarize(okCalls.map((c) => c.latencyMs)), 1),
      errors,
    },
    cancels: { requested: phase.cancels.length, accepted, refused: phase.cancels.length - accepted },
    outcomes,
    endToEndSeconds: roundSummary(summarize(e2e.map((s) => s.value))),
    queueWaitSeconds: roundSummary(summarize(queueWait)),
    endToEndDistribution: distribution(
      e2e.map((s) => s.value),
      E2E_BOUNDS,
    ),
    settle: { waitedSeconds: round(seconds(final.waitedMs), 1), timedOut: final.timedOut },
    timeline: {
      createdPerSecond: perSecond(
        tasks.filter((t): t is Task => Boolean(t)).map((t) => Date.parse(t.createdAt)),
        phase.startedAt,
        Math.ceil(durationSeconds),
      ),
      completedPerSecond: perSecond(
        completed.map((t) => Date.parse(t.finishedAt!)),
        phase.startedAt,
        Math.ceil(durationSeconds),
      ),
      e2eP50: percentilePerSecond(e2e, phase.startedAt, 0.5).map((n) => round(n)),
      e2eP95: percentilePerSecond(e2e, phase.startedAt, 0.95).map((n) => round(n)),
    },
  };
}

function roundSummary(s: Summary, digits = 3): Summary {
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, round(v, digits)])) as unknown as Summary;
}

const fmt = (n: number, unit = "") => (Number.isFinite(n) ? `${n}${unit}` : "–");
const bound = (n: number) => (Number.isFinite(n) ? `${n} s` : "∞");

/** The Markdown report. */
export function renderMarkdown(report: LoadTestReport, chartFile?: string): string {
  const { config: c, creates, cancels, outcomes, endToEndSeconds: e2e, queueWaitSeconds: wait } = report;
  const finished = outcomes.COMPLETED + outcomes.CANCELED + outcomes.FAILED;
  const lines = [
    `# Load test ${report.startedAt}`,
    "",
    `Target \`${c.url}\`: ${c.rate} tasks/s for ${c.durationSeconds} s (${creates.requested} tasks), ` +
      `batch ${c.batch}, cancel ratio ${c.cancelRatio}, fail ratio ${c.failRatio}; ` +
      `consumer work ${c.workMs} ms (as configured on the consumer; recorded, not set, here).`,
    "",
    "## Creates",
    "",
    "| created | failed | calls | tasks/call | phase | throughput | latency p50 | p95 | p99 | max |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    `| ${creates.created} | ${creates.failedTasks} | ${creates.calls} | ${creates.tasksPerCall} | ` +
      `${creates.phaseSeconds} s | ${creates.throughputPerSecond}/s | ${fmt(creates.latencyMs.p50, " ms")} | ` +
      `${fmt(creates.latencyMs.p95, " ms")} | ${fmt(creates.latencyMs.p99, " ms")} | ${fmt(creates.latencyMs.max, " ms")} |`,
    "",
    "Latency is per API call (one call carries `tasks/call` tasks).",
    ...Object.entries(creates.errors).map(([message, count]) => `- ${count} × ${message}`),
    "",
    "## Outcomes",
    "",
    "| COMPLETED | CANCELED | FAILED | still PENDING | still PROCESSING | not found |",
    "|---:|---:|---:|---:|---:|---:|",
    `| ${outcomes.COMPLETED} | ${outcomes.CANCELED} | ${outcomes.FAILED} | ${outcomes.PENDING} | ` +
      `${outcomes.PROCESSING} | ${outcomes.MISSING} |`,
    "",
    `${finished} of ${creates.created} tasks reached a terminal status` +
      (report.settle.timedOut
        ? `; gave up waiting after ${report.settle.waitedSeconds} s (settle timeout).`
        : ` within ${report.settle.waitedSeconds} s of the last create.`) +
      ` Cancels: ${cancels.requested} requested, ${cancels.accepted} accepted, ${cancels.refused} refused` +
      " (already finished).",
    "",
    "## End-to-end latency (created → completed, server timestamps)",
    "",
    "| | count | min | p50 | p90 | p95 | p99 | max |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
    `| end-to-end | ${e2e.count} | ${fmt(e2e.min, " s")} | ${fmt(e2e.p50, " s")} | ${fmt(e2e.p90, " s")} | ` +
      `${fmt(e2e.p95, " s")} | ${fmt(e2e.p99, " s")} | ${fmt(e2e.max, " s")} |`,
    `| queue wait | ${wait.count} | ${fmt(wait.min, " s")} | ${fmt(wait.p50, " s")} | ${fmt(wait.p90, " s")} | ` +
      `${fmt(wait.p95, " s")} | ${fmt(wait.p99, " s")} | ${fmt(wait.max, " s")} |`,
    "",
    "| end-to-end | tasks |",
    "|---|---:|",
    ...report.endToEndDistribution
      .filter((b) => b.count > 0)
      .map((b) => `| ${b.from} s – ${bound(b.to)} | ${b.count} |`),
  ];
  if (chartFile) lines.push("", "## Timeline", "", `![created and completed per second](${chartFile})`);
  return `${lines.join("\n")}\n`;
}
