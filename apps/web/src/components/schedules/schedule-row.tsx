"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import type { ButtonHTMLAttributes } from "react";
import { describeApiError } from "@/lib/describe-api-error";
import { formatDateTime, formatShortDateTime, truncate } from "@/lib/format-time";
import { useTRPC } from "@/trpc/react";
import { RoleGate } from "../current-user";
import { useNotify } from "../notices";
import { StatusBadge } from "../status-badge";
import { Time } from "../time";
import "../tasks/pending-note.css";
import { type Schedule, useInvalidateSchedules } from "./use-schedules";

export const SCHEDULE_COLUMNS = [
  "Type",
  "Cron",
  "Time zone",
  "Priority",
  "Enabled",
  "Next runs",
  "Last run",
  "Last tasks",
];

interface Props {
  schedule: Schedule;
  now: number;
  onEdit: (schedule: Schedule) => void;
  onDelete: (schedule: Schedule) => void;
}

const inputText = (input: unknown) => (typeof input === "string" ? input : JSON.stringify(input));

/** One schedule: what it creates and when, its next runs, its last tasks; operators toggle, edit, delete. */
export function ScheduleRow({ schedule, now, onEdit, onDelete }: Props) {
  const s = schedule;
  const trpc = useTRPC();
  const notify = useNotify();
  const invalidate = useInvalidateSchedules();
  const toggle = useMutation(
    trpc.schedules.update.mutationOptions({
      onSuccess: (saved) => {
        notify("success", `${saved.enabled ? "Enabled" : "Disabled"} schedule ${saved.id}`);
        return invalidate();
      },
      onError: (error) => notify("error", `Could not change schedule ${s.id}: ${describeApiError(error)}`),
    }),
  );
  return (
    <tr
      id={`schedule-${s.id}`}
      data-testid={`schedule-${s.id}`}
      className={s.enabled ? undefined : "disabled"}
    >
      <td>
        <span className="mono">{s.type}</span>
        <span className="schedule-input mono" title={truncate(inputText(s.input), 500)}>
          {truncate(inputText(s.input), 40)}
        </span>
      </td>
      <td>
        <code>{s.cron}</code>
      </td>
      <td>{s.timezone}</td>
      <td className="num">{s.priority > 0 ? <strong className="priority-high">{s.priority}</strong> : 0}</td>
      <td data-testid={`schedule-enabled-${s.id}`}>{s.enabled ? "yes" : "no"}</td>
      <td data-testid={`schedule-next-runs-${s.id}`}>
        {s.nextRuns.length === 0 ? (
          <span className="muted">{s.enabled ? "none" : "disabled"}</span>
        ) : (
          <ol className="next-runs">
            {s.nextRuns.slice(0, 3).map((run) => (
              <li key={run}>
                <time dateTime={run} title={formatDateTime(run)}>
                  {formatShortDateTime(run, now)}
                </time>
              </li>
            ))}
          </ol>
        )}
      </td>
      <td>
        <Time value={s.lastRunAt} now={now} />
        {s.ticksMissed > 0 && (
          <span className="ticks-missed" title="Ticks skipped while no worker ran (one catch-up run instead)">
            {s.ticksMissed.toLocaleString("en")} missed
          </span>
        )}
      </td>
      <td data-testid={`schedule-last-tasks-${s.id}`}>
        {s.lastTasks.length === 0 ? (
          <span className="muted">none yet</span>
        ) : (
          <ul className="last-tasks">
            {s.lastTasks.map((task) => (
              <li key={task.id}>
                <Link href={`/tasks/${task.id}`} prefetch={false} aria-label={`Open task ${task.id}`}>
                  #{task.id}
                </Link>{" "}
                <StatusBadge status={task.status} />
              </li>
            ))}
          </ul>
        )}
      </td>
      <td className="actions">
        <RoleGate min="operator">
          <ScheduleButton
            action={s.enabled ? "Disable" : "Enable"}
            id={s.id}
            disabled={toggle.isPending}
            onClick={() => toggle.mutate({ id: s.id, enabled: !s.enabled })}
          />
          <ScheduleButton action="Edit" id={s.id} onClick={() => onEdit(s)} />
          <ScheduleButton
            action="Delete"
            id={s.id}
            className="button-small action-cancel"
            onClick={() => onDelete(s)}
          />
        </RoleGate>
      </td>
    </tr>
  );
}

interface ScheduleButtonProps
  extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, "children" | "type" | "id"> {
  action: string;
  id: Schedule["id"];
}

/** A button of a schedule's row: its text is the action, its accessible name also says which schedule. */
function ScheduleButton({ action, id, className = "button-small", ...rest }: ScheduleButtonProps) {
  return (
    <button type="button" className={className} aria-label={`${action} schedule ${id}`} {...rest}>
      {action}
    </button>
  );
}
