"use client";

import { canCancel, canRetry, isWaitingToRetry, type Task } from "@tps/api/client";
import { RoleGate } from "../current-user";
import { TaskActionButton } from "../task-action-button";
import { earlyAction } from "../tasks/pending-note";
import { useNow } from "../use-now";

/**
 * Cancel while pending or running, retry now while waiting out a backoff (run now while scheduled
 * for later), retry once failed.
 */
export function TaskActions({ task }: { task: Task }) {
  const now = useNow();
  const cancellable = canCancel(task.status);
  const retryable = canRetry(task.status);
  const waiting = isWaitingToRetry(task, now);
  if (!cancellable && !retryable) return null;
  return (
    <RoleGate min="operator">
      <div className="detail-actions">
        {waiting && <TaskActionButton id={task.id} action={earlyAction(task, now)} />}
        {cancellable && <TaskActionButton id={task.id} action="cancel" />}
        {retryable && <TaskActionButton id={task.id} action="retry" />}
      </div>
    </RoleGate>
  );
}
