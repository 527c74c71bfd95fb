"use client";

import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { apiIssues } from "@/lib/api-issues";
import { batchInputs } from "@/lib/batch-inputs";
import { batchPayloads, MAX_BATCH_COUNT } from "@/lib/batch-payloads";
import { isPlainCreate } from "@/lib/create-options";
import { useTRPC } from "@/trpc/react";
import { useNotify } from "../notices";
import { MutationError } from "../query-state";
import { useInvalidateTasks } from "../use-invalidate-tasks";
import { CreateOptionsFields } from "./create-options-fields";
import { TypeSelect } from "./type-select";
import { TypedInputField } from "./typed-input-field";
import { useCreateOptions } from "./use-create-options";
import { useTypedInput } from "./use-typed-input";

const INPUT_HINT = '{n} becomes 1…N: a number ({"to": {n}}) or part of a string ("job-{n}").';

/**
 * Creates N tasks in one call: `sleep` tasks from a payload template, or tasks of another type from
 * a JSON input template (each input checked against the type's schema first). `{n}` becomes 1…N.
 * The start, expiry and priority options apply to every task of the batch.
 */
export function CreateBatchForm() {
  const trpc = useTRPC();
  const notify = useNotify();
  const invalidate = useInvalidateTasks();
  const typed = useTypedInput();
  const options = useCreateOptions();
  const [count, setCount] = useState("100");
  const [template, setTemplate] = useState("job-{n}");
  const createMany = useMutation(
    trpc.tasks.createMany.mutationOptions({
      onSuccess: ({ items }) => {
        const ids = items.map((t) => t.id);
        notify("success", `Created ${items.length} tasks (#${Math.min(...ids)}–#${Math.max(...ids)})`);
        return invalidate();
      },
      onError: (error) => typed.setIssues(apiIssues(error)),
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const when = options.check();
    if (when === null) {
      createMany.reset(); // the options' error says why
      return;
    }
    if (typed.plain) {
      const payloads = batchPayloads(template, Number(count));
      // Plain payloads stay the compact `payloads` form; options need one item per task.
      if (isPlainCreate(when)) createMany.mutate({ payloads });
      else createMany.mutate({ items: payloads.map((payload) => ({ payload, ...when })) });
      return;
    }
    const built = batchInputs(typed.text, Number(count), typed.schema);
    typed.setIssues(built.ok ? [] : built.issues);
    if (built.ok) {
      createMany.mutate({ items: built.inputs.map((input) => ({ type: typed.type, input, ...when })) });
    } else createMany.reset();
  };

  return (
    <form className="card" onSubmit={submit} data-testid="create-batch-form">
      <h2>Create many tasks</h2>
      <div className="field-row">
        <TypeSelect id="batch-type" value={typed.type} names={typed.names} onChange={typed.selectType} />
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
        {typed.plain && (
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
        )}
      </div>
      {typed.plain ? (
        <p id="batch-template-hint" className="hint">
          <code>{"{n}"}</code> becomes 1…N (appended when missing).
        </p>
      ) : (
        <TypedInputField
          id="batch-input"
          label="Input template (JSON)"
          value={typed.text}
          onChange={typed.setText}
          issues={typed.issues}
          hint={INPUT_HINT}
        />
      )}
      <CreateOptionsFields prefix="batch" options={options} />
      <button type="submit" disabled={createMany.isPending}>
        {createMany.isPending ? "Creating…" : `Create ${count || "N"} tasks`}
      </button>
      {/* Field issues show under the JSON input; any other refusal here. */}
      {(typed.plain || apiIssues(createMany.error).length === 0) && <MutationError mutation={createMany} />}
    </form>
  );
}
