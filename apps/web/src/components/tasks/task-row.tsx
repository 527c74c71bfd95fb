import { canCancel, canRetry, isWaitingToRetry, type Task } from "@tps/api/client";
import Link from "next/link";
import { formatDuration } from "@/lib/format-duration";
import { truncate } from "@/lib/format-time";
import { queueWaitMs, runMs } from "@/lib/task-durations";
import { RoleGate } from "../current-user";
import { StatusBadge } from "../status-badge";
import { TaskActionButton } from "../task-action-button";
import { Time } from "../time";
import { ExpiredTag, earlyAction, PendingNote, PriorityCell } from "./pending-note";

interface Props {
  task: Task;
  now: number;
  selected: boolean;
  onSelect: (id: number, on: boolean) => void;
  /** Operators select rows for bulk actions; viewers have no checkbox column. */
  selectable: boolean;
  /** The row the keyboard shortcuts act on (j/k move it): outlined and focusable. */
  active?: boolean;
}

/**
 * One task: identity, type, input, status, priority, attempts (and when a PENDING one starts),
 * timestamps and how long it waited and ran (live while running).
 */
export function TaskRow({ task, now, selected, onSelect, selectable, active = false }: Props) {
  const waiting = isWaitingToRetry(task, now);
  const classes = [selected && "selected", active && "active"].filter(Boolean).join(" ");
  return (
    <tr
      data-testid={`task-row-${task.id}`}
      data-task-id={task.id}
      className={classes || undefined}
      tabIndex={active ? -1 : undefined}
      aria-current={active ? "true" : undefined}
    >
      {selectable && (
        <td className="select">
          <input
            type="checkbox"
            checked={selected}
            onChange={(e) => onSelect(task.id, e.target.checked)}
            aria-label={`Select task ${task.id}`}
            data-testid={`select-task-${task.id}`}
          />
        </td>
      )}
      <td className="num">
        <Link href={`/tasks/${task.id}`} aria-label={`Open task ${task.id}`}>
          #{task.id}
        </Link>
      </td>
      <td className="type" data-testid={`task-type-${task.id}`}>
        {task.type}
      </td>
      <td className="payload" title={truncate(task.payload, 500)}>
        {truncate(task.payload, 60)}
      </td>
      <td data-testid={`task-status-${task.id}`}>
        <StatusBadge status={task.status} title={task.lastError ?? undefined} />
        <ExpiredTag task={task} />
      </td>
      <PriorityCell task={task} />
      <td className="num">
        {task.attempts}/{task.maxAttempts}
        <PendingNote task={task} now={now} />
      </td>
      <TimeCell iso={task.createdAt} now={now} />
      <TimeCell iso={task.startedAt} now={now} />
      <TimeCell iso={task.finishedAt} now={now} />
      <td className="num">{formatDuration(queueWaitMs(task, now))}</td>
      <td className="num">{formatDuration(runMs(task, now))}</td>
      <td className="actions">
        <RoleGate min="operator">
          {waiting && <TaskActionButton id={task.id} action={earlyAction(task, now)} compact />}
          {canCancel(task.status) && <TaskActionButton id={task.id} action="cancel" compact />}
          {canRetry(task.status) && <TaskActionButton id={task.id} action="retry" compact />}
        </RoleGate>
      </td>
    </tr>
  );
}

function TimeCell({ iso, now }: { iso: string | null; now: number }) {
  return (
    <td className="num">
      <Time value={iso} now={now} />
    </td>
  );
}
