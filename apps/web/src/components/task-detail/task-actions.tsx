import type { Task } from "@tps/api/client";
import { TaskActionButton } from "../task-action-button";

/** Cancel while pending or running, retry once failed; nothing to do otherwise. */
export function TaskActions({ task }: { task: Task }) {
  const cancellable = task.status === "PENDING" || task.status === "PROCESSING";
  if (!cancellable && task.status !== "FAILED") return null;
  return (
    <div className="detail-actions">
      {cancellable && <TaskActionButton id={task.id} action="cancel" />}
      {task.status === "FAILED" && <TaskActionButton id={task.id} action="retry" />}
    </div>
  );
}
