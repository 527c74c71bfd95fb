"use client";

import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTRPC } from "@/trpc/react";
import { useNotify } from "../notices";
import { MutationError } from "../query-state";
import { useInvalidateTasks } from "../use-invalidate-tasks";

/** Creates one task from the payload text. */
export function CreateTaskForm() {
  const trpc = useTRPC();
  const notify = useNotify();
  const invalidate = useInvalidateTasks();
  const [payload, setPayload] = useState("");
  const create = useMutation(
    trpc.tasks.create.mutationOptions({
      onSuccess: (task) => {
        notify("success", `Created task #${task.id}`);
        setPayload("");
        return invalidate();
      },
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ payload });
  };

  return (
    <form className="card" onSubmit={submit} data-testid="create-task-form">
      <h2>Create a task</h2>
      <label htmlFor="task-payload">Payload</label>
      <input
        id="task-payload"
        value={payload}
        onChange={(e) => setPayload(e.target.value)}
        placeholder="e.g. resize image 42 (fail:… makes it fail)"
        autoComplete="off"
      />
      <button type="submit" disabled={create.isPending}>
        {create.isPending ? "Creating…" : "Create task"}
      </button>
      <MutationError mutation={create} />
    </form>
  );
}
