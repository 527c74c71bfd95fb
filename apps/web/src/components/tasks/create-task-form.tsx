"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { checkInputText } from "@/lib/check-input";
import { useTRPC } from "@/trpc/react";
import { LabeledInput } from "../form-field";
import { CreateFormFooter, useCreateForm } from "./create-form-parts";
import { CreateOptionsFields } from "./create-options-fields";
import { TypeSelect } from "./type-select";
import { TypedInputField } from "./typed-input-field";

/**
 * Creates one task: a `sleep` task from the payload text, or a task of another type from JSON input,
 * checked against the type's schema before it is sent; optionally delayed, expiring or prioritised.
 */
export function CreateTaskForm() {
  const trpc = useTRPC();
  const { notify, invalidate, typed, options, showIssues, onSubmit } = useCreateForm();
  const [payload, setPayload] = useState("");
  const create = useMutation(
    trpc.tasks.create.mutationOptions({
      onSuccess: (task) => {
        notify("success", `Created task #${task.id}`);
        // A JSON input stays: the next task is often a small edit of it.
        setPayload("");
        return invalidate();
      },
      onError: showIssues,
    }),
  );

  const submit = onSubmit(create, (when) => {
    if (typed.plain) {
      create.mutate({ payload, ...when });
      return;
    }
    const checked = checkInputText(typed.text, typed.schema);
    if (checked.ok) create.mutate({ type: typed.type, input: checked.value, ...when });
    return checked;
  });

  return (
    <form className="card" onSubmit={submit} data-testid="create-task-form">
      <h2>Create a task</h2>
      <TypeSelect id="task-type" value={typed.type} names={typed.names} onChange={typed.selectType} />
      {/* Before the input: from the payload, Tab reaches the create button (and Enter submits). */}
      <CreateOptionsFields prefix="task" options={options} />
      {typed.plain ? (
        <LabeledInput
          id="task-payload"
          label="Payload"
          value={payload}
          onChange={(e) => setPayload(e.target.value)}
          placeholder="e.g. resize image 42 (fail:… makes it fail)"
          autoComplete="off"
        />
      ) : (
        <TypedInputField id="task-input" label="Input (JSON)" input={typed} />
      )}
      <CreateFormFooter mutation={create} plain={typed.plain} label="Create task" />
    </form>
  );
}
