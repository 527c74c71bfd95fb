"use client";

import type { Task } from "@tps/api/client";
import Link from "next/link";
import type { ReactNode } from "react";
import { formatDuration } from "@/lib/format-duration";
import { describeLimitWait, pendingWait } from "@/lib/pending-wait";
import { queueWaitMs, runMs } from "@/lib/task-durations";
import { CopyButton } from "../copy-button";
import { Time } from "../time";
import { useNow } from "../use-now";
import { TaskInput, TaskOutput } from "./task-io";
import { TaskProgress } from "./task-progress";

/**
 * When a PENDING task's next attempt may start: its scheduled time (run-at or delay), the end of its
 * backoff, or the limit it waits on; "now" when due.
 */
function nextAttempt(task: Task, now: number): [string, ReactNode] {
  const wait = pendingWait(task, now);
  if (wait === null) return ["Next attempt", task.nextAttemptAt === null ? "—" : "now (queued)"];
  if (wait.kind === "limit") return ["Next attempt", describeLimitWait(wait.limit)];
  const label = wait.kind === "scheduled" ? "Scheduled for" : "Next attempt";
  return [label, <Time key="next" value={wait.at} now={now} show="both" />];
}

/** The schedule that created the task, linked to its row on the schedules page. */
function scheduleLink(scheduleId: string | null): ReactNode {
  if (scheduleId === null) return "—";
  return (
    <Link href={`/schedules#schedule-${scheduleId}`} prefetch={false} className="mono">
      {scheduleId}
    </Link>
  );
}

/**
 * Type, input, progress, output, attempts, priority, last error (or why it expired), when it starts or
 * expires, its schedule, and the main timestamps and durations.
 */
export function TaskSummary({ task }: { task: Task }) {
  const now = useNow();
  const stamp = (iso: string | null) => <Time value={iso} now={now} show="both" />;
  const [nextLabel, nextValue] = nextAttempt(task, now);
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
    ["Priority", task.priority, "detail-priority"],
    ["Created", stamp(task.createdAt), "detail-created"],
    ["Published", stamp(task.publishedAt), "detail-published"],
    ["Started", stamp(task.startedAt), "detail-started"],
    ["Finished", stamp(task.finishedAt), "detail-finished"],
    [nextLabel, nextValue, "detail-next-attempt"],
    ["Expires", task.expiresAt === null ? "never" : stamp(task.expiresAt), "detail-expires"],
    ["Schedule", scheduleLink(task.scheduleId), "detail-schedule"],
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
      {task.expired && (
        <p className="note-pending expired-note" role="note" data-testid="detail-expired">
          <strong>Expired:</strong> not started within its time to live, so it never ran.
        </p>
      )}
      {task.lastError && !task.expired && (
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
