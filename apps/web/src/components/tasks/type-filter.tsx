"use client";

import { AnyOrOneSelect } from "../form-field";
import { typeNames, useTaskTypes } from "../task-types/use-task-types";

interface Props {
  value: string | undefined;
  onChange: (type: string | undefined) => void;
}

/** Narrows the list to one task type (the registered ones), or shows all. */
export function TypeFilter({ value, onChange }: Props) {
  const types = useTaskTypes();
  return (
    <AnyOrOneSelect
      id="type-filter"
      label="Type"
      value={value}
      values={typeNames(types.data, value)}
      onChange={onChange}
    />
  );
}
