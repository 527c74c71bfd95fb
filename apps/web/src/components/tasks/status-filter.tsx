import { TASK_STATUSES, type TaskStatus } from "@tps/api/client";
import { AnyOrOneSelect } from "../form-field";

interface Props {
  value: TaskStatus | undefined;
  onChange: (status: TaskStatus | undefined) => void;
}

/** Narrows the list to one status, or shows all. */
export function StatusFilter({ value, onChange }: Props) {
  return (
    <AnyOrOneSelect
      id="status-filter"
      label="Status"
      value={value}
      values={TASK_STATUSES}
      onChange={onChange}
    />
  );
}
