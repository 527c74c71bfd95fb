import { canCancel, canRetry, type Task } from "@tps/api/client";
import { RoleGate } from "../current-user";
import { TaskActionButton } from "../task-action-button";

/** Cancel while pending or running, retry once failed; nothing to do otherwise. */
export function TaskActions({ task }: { task: Task }) {
  const cancellable = canCancel(task.status);
  const retryable = canRetry(task.status);
  if (!cancellable && !retryable) return null;
  return (
    <RoleGate min="operator">
      <div className="detail-actions">
        {cancellable && <TaskActionButton id={task.id} action="cancel" />}
        {retryable && <TaskActionButton id={task.id} action="retry" />}
      </div>
    </RoleGate>
  );
}
