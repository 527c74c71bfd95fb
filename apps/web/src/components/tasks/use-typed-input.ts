"use client";

import type { InputIssue } from "@tps/core";
import { useState } from "react";
import { exampleInput } from "@/lib/example-input";
import { SLEEP_TYPE, typeNames, useTaskTypes } from "../task-types/use-task-types";

/**
 * A create form's type and JSON input: picking a type fills the input with a starting point from
 * its schema; `issues` are the fields at fault found by the last submit (browser check or API).
 * `initial` starts from an existing value (the schedule edit form).
 */
export function useTypedInput(initial?: { type: string; text: string }) {
  const types = useTaskTypes();
  const [type, setType] = useState(initial?.type ?? SLEEP_TYPE);
  const [text, setText] = useState(initial?.text ?? "");
  const [issues, setIssues] = useState<InputIssue[]>([]);
  const schemaOf = (name: string) => types.data?.find((t) => t.type === name)?.inputSchema;

  const selectType = (next: string) => {
    setType(next);
    setIssues([]);
    setText(next === SLEEP_TYPE ? "" : exampleInput(schemaOf(next)));
  };

  return {
    type,
    /** True for `sleep`: the form shows its plain payload field instead of JSON. */
    plain: type === SLEEP_TYPE,
    selectType,
    names: typeNames(types.data, type),
    /** Undefined until the list has loaded (the API then checks alone). */
    schema: schemaOf(type),
    text,
    setText,
    issues,
    setIssues,
  };
}
