import { TASK_STATUSES, type TaskStatus } from "@tps/api/client";

interface Props {
  value: TaskStatus | undefined;
  onChange: (status: TaskStatus | undefined) => void;
}

/** Narrows the list to one status, or shows all. */
export function StatusFilter({ value, onChange }: Props) {
  return (
    <div className="field">
      <label htmlFor="status-filter">Status</label>
      <select
        id="status-filter"
        data-testid="status-filter"
        value={value ?? ""}
        onChange={(e) => onChange(e.target.value === "" ? undefined : (e.target.value as TaskStatus))}
      >
        <option value="">All</option>
        {TASK_STATUSES.map((status) => (
          <option key={status} value={status}>
            {status}
          </option>
        ))}
      </select>
    </div>
  );
}
