"use client";

import type { InputIssue } from "@tps/core";
import type { FormEvent } from "react";
import { apiIssues } from "@/lib/api-issues";
import type { CreateOptions } from "@/lib/create-options";
import { useNotify } from "../notices";
import { MutationError } from "../query-state";
import { useInvalidateTasks } from "../use-invalidate-tasks";
import { useCreateOptions } from "./use-create-options";
import { useTypedInput } from "./use-typed-input";

/**
 * What the single and the batch create forms share: the type and its input, the start/expiry/priority
 * options, the notice and refetch after a create, and where a refusal is shown.
 */
export function useCreateForm() {
  const notify = useNotify();
  const invalidate = useInvalidateTasks();
  const typed = useTypedInput();
  const options = useCreateOptions();
  return {
    notify,
    invalidate,
    typed,
    options,
    /** A refused create's field issues go under the JSON input. */
    showIssues: (error: unknown) => typed.setIssues(apiIssues(error)),
    /**
     * A submit handler. The options are checked first (invalid: their error says why, and an older
     * refusal is cleared); `send` then gets them as API fields and sends the create. For a typed
     * task it returns the check of the JSON input, whose issues are shown under it.
     */
    onSubmit:
      (
        mutation: { reset(): void },
        send: (when: CreateOptions) => { ok: true } | { ok: false; issues: InputIssue[] } | undefined,
      ) =>
      (event: FormEvent) => {
        event.preventDefault();
        const when = options.check();
        if (when === null) return mutation.reset();
        const checked = send(when);
        if (!checked) return;
        typed.setIssues(checked.ok ? [] : checked.issues);
        if (!checked.ok) mutation.reset(); // the issues say why; an older refusal would only confuse
      },
  };
}

/** A create form's submit button, and under it any refusal not already shown under the JSON input. */
export function CreateFormFooter({
  mutation,
  plain,
  label,
}: {
  mutation: { isPending: boolean; isError: boolean; error: unknown };
  plain: boolean;
  label: string;
}) {
  return (
    <>
      <button type="submit" disabled={mutation.isPending}>
        {mutation.isPending ? "Creating…" : label}
      </button>
      {(plain || apiIssues(mutation.error).length === 0) && <MutationError mutation={mutation} />}
    </>
  );
}
