import type { Task } from "@tps/api/client";
import { formatDuration } from "@/lib/format-duration";
import { describeLimitWait, pendingWait } from "@/lib/pending-wait";
import { Time } from "../time";
import "./pending-note.css";

/**
 * After a row's attempts: why a PENDING task has not started — "next in 4 m 05 s" (backoff),
 * "scheduled for <time>" (run-at or delay) or "waiting on rate limit". Nothing when it is due.
 */
export function PendingNote({ task, now }: { task: Task; now: number }) {
  const wait = pendingWait(task, now);
  if (wait === null) return null;
  if (wait.kind === "backoff") {
    return (
      <span className="next-attempt" data-testid={`task-next-attempt-${task.id}`}>
        {" "}
        · next in {formatDuration(Date.parse(wait.at) - now)}
      </span>
    );
  }
  if (wait.kind === "scheduled") {
    return (
      <span className="next-attempt scheduled-for" data-testid={`task-scheduled-${task.id}`}>
        {" "}
        · scheduled for <Time value={wait.at} now={now} show="short" />
      </span>
    );
  }
  return (
    <span className="next-attempt waiting-on" data-testid={`task-waiting-on-${task.id}`}>
      {" "}
      · {describeLimitWait(wait.limit)}
    </span>
  );
}

/** A task's priority: 0 (the default) muted, anything higher stands out. */
export function PriorityCell({ task }: { task: Task }) {
  return (
    <td className="num" data-testid={`task-priority-${task.id}`}>
      {task.priority > 0 ? (
        <strong className="priority-high" title={`Priority ${task.priority} of 9: starts before lower ones`}>
          {task.priority}
        </strong>
      ) : (
        <span className="muted">0</span>
      )}
    </td>
  );
}

/** "expired" next to a CANCELED badge when the task was not started within its time to live. */
export function ExpiredTag({ task }: { task: Task }) {
  if (!task.expired) return null;
  return (
    <>
      {" "}
      <span className="tag tag-expired" title="Not started within its time to live (ttlMs)">
        expired
      </span>
    </>
  );
}

/** The action that makes a waiting task due now: "Run now" when scheduled, "Retry now" after a failure. */
export const earlyAction = (task: Task, now: number): "runNow" | "retryNow" =>
  pendingWait(task, now)?.kind === "scheduled" ? "runNow" : "retryNow";
