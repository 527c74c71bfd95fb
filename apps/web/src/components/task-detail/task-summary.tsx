"use client";

import { isWaitingToRetry, type Task } from "@tps/api/client";
import Link from "next/link";
import type { ReactNode } from "react";
import { formatDuration } from "@/lib/format-duration";
import { queueWaitMs, runMs } from "@/lib/task-durations";
import { CopyButton } from "../copy-button";
import { Time } from "../time";
import { useNow } from "../use-now";
import { TaskInput, TaskOutput } from "./task-io";
import { TaskProgress } from "./task-progress";

/** When a PENDING task's next attempt may start: after a backoff, in how long and at what time. */
function nextAttempt(task: Task, now: number): ReactNode {
  if (task.nextAttemptAt === null) return "—";
  if (!isWaitingToRetry(task, now)) return "now (queued)";
  return <Time value={task.nextAttemptAt} now={now} show="both" />;
}

/** Type, input, progress, output, attempts, last error and the main timestamps and durations. */
export function TaskSummary({ task }: { task: Task }) {
  const now = useNow();
  const stamp = (iso: string | null) => <Time value={iso} now={now} show="both" />;
  const rows: [string, ReactNode, string][] = [
    [
      "Type",
      <Link
        key="type"
        href={`/tasks?type=${encodeURIComponent(task.type)}`}
        className="mono"
        prefetch={false}
      >
        {task.type}
      </Link>,
      "detail-type",
    ],
    ["Attempts", `${task.attempts} of ${task.maxAttempts}`, "detail-attempts"],
    ["Created", stamp(task.createdAt), "detail-created"],
    ["Published", stamp(task.publishedAt), "detail-published"],
    ["Started", stamp(task.startedAt), "detail-started"],
    ["Finished", stamp(task.finishedAt), "detail-finished"],
    ["Next attempt", nextAttempt(task, now), "detail-next-attempt"],
    // With retries, startedAt is the last attempt's start: the wait includes the earlier attempts.
    [
      task.attempts > 1 ? "Until last attempt" : "Queue wait",
      formatDuration(queueWaitMs(task, now)),
      "detail-queue-wait",
    ],
    [
      task.attempts > 1 ? "Last attempt ran" : "Run time",
      formatDuration(runMs(task, now)),
      "detail-run-time",
    ],
  ];
  return (
    <section className="card" aria-labelledby="summary-heading">
      <h2 id="summary-heading">Summary</h2>
      <TaskInput task={task} />
      <TaskProgress task={task} />
      <TaskOutput task={task} />
      {task.lastError && (
        <div className="last-error" role="note">
          <p data-testid="detail-last-error">
            <strong>Last error:</strong> {task.lastError}
          </p>
          <CopyButton text={task.lastError} what="last error" testId="copy-last-error" />
        </div>
      )}
      <dl className="facts">
        {rows.map(([label, value, testId]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd data-testid={testId}>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
