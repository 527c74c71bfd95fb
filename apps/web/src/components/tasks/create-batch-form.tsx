"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { batchInputs } from "@/lib/batch-inputs";
import { batchPayloads, MAX_BATCH_COUNT } from "@/lib/batch-payloads";
import { isPlainCreate } from "@/lib/create-options";
import { useTRPC } from "@/trpc/react";
import { InputField } from "../form-field";
import { CreateFormFooter, useCreateForm } from "./create-form-parts";
import { CreateOptionsFields } from "./create-options-fields";
import { TypeSelect } from "./type-select";
import { TypedInputField } from "./typed-input-field";

const INPUT_HINT = '{n} becomes 1…N: a number ({"to": {n}}) or part of a string ("job-{n}").';

/**
 * Creates N tasks in one call: `sleep` tasks from a payload template, or tasks of another type from
 * a JSON input template (each input checked against the type's schema first). `{n}` becomes 1…N.
 * The start, expiry and priority options apply to every task of the batch.
 */
export function CreateBatchForm() {
  const trpc = useTRPC();
  const { notify, invalidate, typed, options, showIssues, onSubmit } = useCreateForm();
  const [count, setCount] = useState("100");
  const [template, setTemplate] = useState("job-{n}");
  const createMany = useMutation(
    trpc.tasks.createMany.mutationOptions({
      onSuccess: ({ items }) => {
        const ids = items.map((t) => t.id);
        notify("success", `Created ${items.length} tasks (#${Math.min(...ids)}–#${Math.max(...ids)})`);
        return invalidate();
      },
      onError: showIssues,
    }),
  );

  const submit = onSubmit(createMany, (when) => {
    if (typed.plain) {
      const payloads = batchPayloads(template, Number(count));
      // Plain payloads stay the compact `payloads` form; options need one item per task.
      if (isPlainCreate(when)) createMany.mutate({ payloads });
      else createMany.mutate({ items: payloads.map((payload) => ({ payload, ...when })) });
      return;
    }
    const built = batchInputs(typed.text, Number(count), typed.schema);
    if (built.ok) {
      createMany.mutate({ items: built.inputs.map((input) => ({ type: typed.type, input, ...when })) });
    }
    return built;
  });

  return (
    <form className="card" onSubmit={submit} data-testid="create-batch-form">
      <h2>Create many tasks</h2>
      <div className="field-row">
        <TypeSelect id="batch-type" value={typed.type} names={typed.names} onChange={typed.selectType} />
        <InputField
          id="batch-count"
          label="Count"
          fieldClassName="count-field"
          type="number"
          required
          min={1}
          max={MAX_BATCH_COUNT}
          step={1}
          value={count}
          onChange={(e) => setCount(e.target.value)}
        />
        {typed.plain && (
          <InputField
            id="batch-template"
            label="Payload template"
            fieldClassName="grow"
            value={template}
            onChange={(e) => setTemplate(e.target.value)}
            aria-describedby="batch-template-hint"
            autoComplete="off"
          />
        )}
      </div>
      {typed.plain ? (
        <p id="batch-template-hint" className="hint">
          <code>{"{n}"}</code> becomes 1…N (appended when missing).
        </p>
      ) : (
        <TypedInputField id="batch-input" label="Input template (JSON)" input={typed} hint={INPUT_HINT} />
      )}
      <CreateOptionsFields prefix="batch" options={options} />
      <CreateFormFooter mutation={createMany} plain={typed.plain} label={`Create ${count || "N"} tasks`} />
    </form>
  );
}
