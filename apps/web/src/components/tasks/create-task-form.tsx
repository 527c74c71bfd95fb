"use client";

import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { apiIssues } from "@/lib/api-issues";
import { checkInputText } from "@/lib/check-input";
import { useTRPC } from "@/trpc/react";
import { useNotify } from "../notices";
import { MutationError } from "../query-state";
import { useInvalidateTasks } from "../use-invalidate-tasks";
import { CreateOptionsFields } from "./create-options-fields";
import { TypeSelect } from "./type-select";
import { TypedInputField } from "./typed-input-field";
import { useCreateOptions } from "./use-create-options";
import { useTypedInput } from "./use-typed-input";

/**
 * Creates one task: a `sleep` task from the payload text, or a task of another type from JSON input,
 * checked against the type's schema before it is sent; optionally delayed, expiring or prioritised.
 */
export function CreateTaskForm() {
  const trpc = useTRPC();
  const notify = useNotify();
  const invalidate = useInvalidateTasks();
  const typed = useTypedInput();
  const options = useCreateOptions();
  const [payload, setPayload] = useState("");
  const create = useMutation(
    trpc.tasks.create.mutationOptions({
      onSuccess: (task) => {
        notify("success", `Created task #${task.id}`);
        // A JSON input stays: the next task is often a small edit of it.
        setPayload("");
        return invalidate();
      },
      onError: (error) => typed.setIssues(apiIssues(error)),
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const when = options.check();
    if (when === null) {
      create.reset(); // the options' error says why
      return;
    }
    if (typed.plain) {
      create.mutate({ payload, ...when });
      return;
    }
    const checked = checkInputText(typed.text, typed.schema);
    typed.setIssues(checked.ok ? [] : checked.issues);
    if (checked.ok) create.mutate({ type: typed.type, input: checked.value, ...when });
    else create.reset(); // the issues say why; an older refusal would only confuse
  };

  return (
    <form className="card" onSubmit={submit} data-testid="create-task-form">
      <h2>Create a task</h2>
      <TypeSelect id="task-type" value={typed.type} names={typed.names} onChange={typed.selectType} />
      {/* Before the input: from the payload, Tab reaches the create button (and Enter submits). */}
      <CreateOptionsFields prefix="task" options={options} />
      {typed.plain ? (
        <>
          <label htmlFor="task-payload">Payload</label>
          <input
            id="task-payload"
            value={payload}
            onChange={(e) => setPayload(e.target.value)}
            placeholder="e.g. resize image 42 (fail:… makes it fail)"
            autoComplete="off"
          />
        </>
      ) : (
        <TypedInputField
          id="task-input"
          label="Input (JSON)"
          value={typed.text}
          onChange={typed.setText}
          issues={typed.issues}
        />
      )}
      <button type="submit" disabled={create.isPending}>
        {create.isPending ? "Creating…" : "Create task"}
      </button>
      {/* Field issues show under the JSON input; any other refusal here. */}
      {(typed.plain || apiIssues(create.error).length === 0) && <MutationError mutation={create} />}
    </form>
  );
}
