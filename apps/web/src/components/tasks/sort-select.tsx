import type { TaskSort } from "@tps/api/client";
import { Field } from "../form-field";

/** Newest created first, or most recently finished first (finished tasks only). */
export function SortSelect({ value, onChange }: { value: TaskSort; onChange: (sort: TaskSort) => void }) {
  return (
    <Field id="task-sort" label="Sort">
      <select
        id="task-sort"
        data-testid="task-sort"
        value={value}
        onChange={(e) => onChange(e.target.value === "finished" ? "finished" : "created")}
      >
        <option value="created">Newest created</option>
        <option value="finished">Recently finished</option>
      </select>
    </Field>
  );
}
