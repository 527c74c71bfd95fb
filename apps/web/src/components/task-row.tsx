import type { Task } from "@tps/api/client";
import { formatDuration } from "@/lib/format-duration";
import { formatClock, truncate } from "@/lib/format-time";
import { queueWaitMs, runMs } from "@/lib/task-durations";
import { CancelTaskButton } from "./cancel-task-button";
import { StatusBadge } from "./status-badge";

const CANCELLABLE = new Set<Task["status"]>(["PENDING", "PROCESSING"]);

/** One task: identity, status, timestamps and how long it waited and ran (live while running). */
export function TaskRow({ task, now }: { task: Task; now: number }) {
  return (
    <tr data-testid={`task-row-${task.id}`}>
      <td className="num">{task.id}</td>
      <td className="payload" title={truncate(task.payload, 500)}>
        {truncate(task.payload, 60)}
      </td>
      <td data-testid={`task-status-${task.id}`}>
        <StatusBadge status={task.status} title={task.lastError ?? undefined} />
      </td>
      <td className="num">
        {task.attempts}/{task.maxAttempts}
      </td>
      <Time iso={task.createdAt} />
      <Time iso={task.startedAt} />
      <Time iso={task.finishedAt} />
      <td className="num">{formatDuration(queueWaitMs(task, now))}</td>
      <td className="num">{formatDuration(runMs(task, now))}</td>
      <td className="actions">{CANCELLABLE.has(task.status) && <CancelTaskButton id={task.id} />}</td>
    </tr>
  );
}

function Time({ iso }: { iso: string | null }) {
  return (
    <td className="num">
      {iso === null ? (
        "—"
      ) : (
        <time dateTime={iso} title={iso}>
          {formatClock(iso)}
        </time>
      )}
    </td>
  );
}
