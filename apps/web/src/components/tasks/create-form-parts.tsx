"use client";

import { apiIssues } from "@/lib/api-issues";
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
     * The options as API fields, or null when they are invalid: the options' error then says why,
     * so an older refusal is cleared rather than left to confuse.
     */
    checkOptions: (mutation: { reset(): void }) => {
      const when = options.check();
      if (when === null) mutation.reset();
      return when;
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
