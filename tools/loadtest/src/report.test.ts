import type { Task } from "@tps/client";
import { describe, expect, it } from "vitest";
import type { LoadTestOptions } from "./args";
import type { CreatePhase } from "./create-load";
import { buildReport, renderMarkdown } from "./report";

const START = Date.parse("2026-11-28T12:00:00.000Z");
const iso = (offsetMs: number) => new Date(START + offsetMs).toISOString();

function task(
  id: number,
  status: Task["status"],
  created: number,
  started: number | null,
  finished: number | null,
) {
  return {
    id,
    type: "sleep",
    input: `loadtest #${id}`,
    payload: `loadtest #${id}`,
    output: null,
    progress: null,
    status,
    attempts: 1,
    maxAttempts: 3,
    lastError: null,
    createdAt: iso(created),
    publishedAt: iso(created),
    startedAt: started === null ? null : iso(started),
    finishedAt: finished === null ? null : iso(finished),
    canceledAt: null,
    updatedAt: iso(finished ?? created),
    nextAttemptAt: status === "PENDING" ? iso(created) : null,
    priority: 0,
    expiresAt: null,
    scheduleId: null,
    waitingOn: null,
    expired: false,
  } satisfies Task;
}

const options: LoadTestOptions = {
  url: "http://localhost:3000/api/trpc",
  rate: 2,
  durationMs: 2_000,
  batch: 0,
  cancelRatio: 0.25,
  failRatio: 0,
  workMs: 3000,
  settleTimeoutMs: 60_000,
  maxInFlight: 256,
  outDir: "/tmp",
  progress: false,
};

const phase: CreatePhase = {
  startedAt: START,
  elapsedMs: 1_600,
  total: 5,
  tasks: [1, 2, 3, 4].map((id, index) => ({ id, index, role: index === 0 ? "cancel" : "normal" })),
  calls: [
    { atMs: 0, latencyMs: 10, size: 1 },
    { atMs: 500, latencyMs: 20, size: 1 },
    { atMs: 1_000, latencyMs: 30, size: 2 },
    { atMs: 1_500, latencyMs: 100, size: 1, error: "fetch failed" },
  ],
  cancels: [{ id: 1, atMs: 100, latencyMs: 5 }],
};

const final = {
  tasks: new Map<number, Task>([
    [1, task(1, "CANCELED", 10, null, null)],
    [2, task(2, "COMPLETED", 510, 600, 3_600)],
    [3, task(3, "COMPLETED", 1_020, 1_100, 4_100)],
    [4, task(4, "PROCESSING", 1_030, 1_200, null)],
  ]),
  timedOut: true,
  waitedMs: 60_000,
};

describe("report", () => {
  const report = buildReport(options, phase, final);

  it("counts creates, calls, errors and throughput", () => {
    expect(report.creates).toMatchObject({
      requested: 5,
      created: 4,
      failedTasks: 1,
      calls: 4,
      failedCalls: 1,
      tasksPerCall: 1.3,
      phaseSeconds: 1.6,
      throughputPerSecond: 2.5,
      errors: { "fetch failed": 1 },
    });
    expect(report.creates.latencyMs).toMatchObject({ count: 3, p50: 20, p99: 30, max: 30 });
  });

  it("takes end-to-end latency from the server's timestamps, completed tasks only", () => {
    expect(report.outcomes).toEqual({
      PENDING: 0,
      PROCESSING: 1,
      COMPLETED: 2,
      CANCELED: 1,
      FAILED: 0,
      MISSING: 0,
    });
    expect(report.endToEndSeconds).toMatchObject({ count: 2, min: 3.08, p50: 3.08, max: 3.09 });
    expect(report.queueWaitSeconds.count).toBe(3);
    expect(report.endToEndDistribution.find((b) => b.from === 3)?.count).toBe(2);
    expect(report.timeline.createdPerSecond).toEqual([2, 2]);
    expect(report.timeline.completedPerSecond).toEqual([0, 0, 0, 1, 1]);
    expect(report.cancels).toEqual({ requested: 1, accepted: 1, refused: 0 });
    expect(report.settle.timedOut).toBe(true);
  });

  it("renders Markdown with the figures and the chart", () => {
    const md = renderMarkdown(report, "loadtest-x.svg");
    expect(md).toContain("# Load test 2026-11-28T12:00:00.000Z");
    expect(md).toContain("| 4 | 1 | 4 | 1.3 | 1.6 s | 2.5/s | 20 ms | 30 ms | 30 ms | 30 ms |");
    expect(md).toContain("| 2 | 1 | 0 | 0 | 1 | 0 |");
    expect(md).toContain("gave up waiting after 60 s");
    expect(md).toContain("- 1 × fetch failed");
    expect(md).toContain("| 3 s – 3.5 s | 2 |");
    expect(md).toContain("![created and completed per second](loadtest-x.svg)");
  });
});
