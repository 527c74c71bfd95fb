"use client";

import { typeNames, useTaskTypes } from "../task-types/use-task-types";

interface Props {
  value: string | undefined;
  onChange: (type: string | undefined) => void;
}

/** Narrows the list to one task type (the registered ones), or shows all. */
export function TypeFilter({ value, onChange }: Props) {
  const types = useTaskTypes();
  return (
    <div className="field">
      <label htmlFor="type-filter">Type</label>
      <select
        id="type-filter"
        data-testid="type-filter"
        value={value ?? ""}
        onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value)}
      >
        <option value="">All</option>
        {typeNames(types.data, value).map((type) => (
          <option key={type} value={type}>
            {type}
          </option>
        ))}
      </select>
    </div>
  );
}
