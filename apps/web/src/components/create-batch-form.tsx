"use client";

import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { batchPayloads, MAX_BATCH_COUNT } from "@/lib/batch-payloads";
import { describeApiError } from "@/lib/describe-api-error";
import { useTRPC } from "@/trpc/react";
import { useNotify } from "./notices";
import { useInvalidateTasks } from "./use-invalidate-tasks";

/** Creates N tasks in one call; payloads are the prefix followed by 1…N. */
export function CreateBatchForm() {
  const trpc = useTRPC();
  const notify = useNotify();
  const invalidate = useInvalidateTasks();
  const [count, setCount] = useState("100");
  const [prefix, setPrefix] = useState("task-");
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
    createMany.mutate({ payloads: batchPayloads(prefix, Number(count)) });
  };

  return (
    <form className="card" onSubmit={submit} data-testid="create-batch-form">
      <h2>Create many tasks</h2>
      <div className="field-row">
        <div className="field">
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
          <label htmlFor="batch-prefix">Payload prefix</label>
          <input
            id="batch-prefix"
            value={prefix}
            onChange={(e) => setPrefix(e.target.value)}
            autoComplete="off"
          />
        </div>
      </div>
      <button type="submit" disabled={createMany.isPending}>
        {createMany.isPending ? "Creating…" : `Create ${count || "N"} tasks`}
      </button>
      {createMany.isError && (
        <p className="form-error" role="alert">
          {describeApiError(createMany.error)}
        </p>
      )}
    </form>
  );
}
