import type { Task } from "@tps/api/client";

/**
 * The work's last reported progress, while it runs: a bar (0–100) and its note. Workers report it
 * about once a second and every report is a change tick, so the page follows it live. Not shown
 * once the task has stopped running: an old attempt's progress would pass for the current state.
 */
export function TaskProgress({ task }: { task: Task }) {
  if (task.status !== "PROCESSING" || task.progress === null) return null;
  const percent = Math.max(0, Math.min(100, Math.round(task.progress.percent)));
  return (
    <div className="task-progress" data-testid="detail-progress-section">
      <div className="detail-label-row">
        <h3 className="detail-label" id="progress-label">
          Progress
        </h3>
        <span className="progress-percent">{percent}%</span>
      </div>
      <div
        className="progress-track"
        role="progressbar"
        aria-labelledby="progress-label"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={task.progress.message ? `${percent}%: ${task.progress.message}` : `${percent}%`}
        data-testid="detail-progress"
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      {task.progress.message && (
        <p className="progress-message" data-testid="detail-progress-message">
          {task.progress.message}
        </p>
      )}
    </div>
  );
}
