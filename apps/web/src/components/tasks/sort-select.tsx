import type { TaskSort } from "@tps/api/client";

/** Newest created first, or most recently finished first (finished tasks only). */
export function SortSelect({ value, onChange }: { value: TaskSort; onChange: (sort: TaskSort) => void }) {
  return (
    <div className="field">
      <label htmlFor="task-sort">Sort</label>
      <select
        id="task-sort"
        data-testid="task-sort"
        value={value}
        onChange={(e) => onChange(e.target.value === "finished" ? "finished" : "created")}
      >
        <option value="created">Newest created</option>
        <option value="finished">Recently finished</option>
      </select>
    </div>
  );
}
