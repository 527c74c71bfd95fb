"use client";

import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { batchPayloads, MAX_BATCH_COUNT } from "@/lib/batch-payloads";
import { useTRPC } from "@/trpc/react";
import { useNotify } from "../notices";
import { MutationError } from "../query-state";
import { useInvalidateTasks } from "../use-invalidate-tasks";

/** Creates N tasks in one call from a payload template: `{n}` becomes 1…N. */
export function CreateBatchForm() {
  const trpc = useTRPC();
  const notify = useNotify();
  const invalidate = useInvalidateTasks();
  const [count, setCount] = useState("100");
  const [template, setTemplate] = useState("job-{n}");
  const createMany = useMutation(
    trpc.tasks.createMany.mutationOptions({
      onSuccess: ({ items }) => {
        const ids = items.map((t) => t.id);
        notify("success", `Created ${items.length} tasks (#${Math.min(...ids)}–#${Math.max(...ids)})`);
        return invalidate();
      },
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    createMany.mutate({ payloads: batchPayloads(template, Number(count)) });
  };

  return (
    <form className="card" onSubmit={submit} data-testid="create-batch-form">
      <h2>Create many tasks</h2>
      <div className="field-row">
        <div className="field count-field">
          <label htmlFor="batch-count">Count</label>
          <input
            id="batch-count"
            type="number"
            required
            min={1}
            max={MAX_BATCH_COUNT}
            step={1}
            value={count}
            onChange={(e) => setCount(e.target.value)}
          />
        </div>
        <div className="field grow">
          <label htmlFor="batch-template">Payload template</label>
          <input
            id="batch-template"
            value={template}
            onChange={(e) => setTemplate(e.target.value)}
            aria-describedby="batch-template-hint"
            autoComplete="off"
          />
        </div>
      </div>
      <p id="batch-template-hint" className="hint">
        <code>{"{n}"}</code> becomes 1…N (appended when missing).
      </p>
      <button type="submit" disabled={createMany.isPending}>
        {createMany.isPending ? "Creating…" : `Create ${count || "N"} tasks`}
      </button>
      <MutationError mutation={createMany} />
    </form>
  );
}
