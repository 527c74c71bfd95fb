"use client";

import { useMutation } from "@tanstack/react-query";
import { describeApiError } from "@/lib/describe-api-error";
import { useTRPC } from "@/trpc/react";
import { useNotify } from "./notices";
import { useInvalidateTasks } from "./use-invalidate-tasks";

/** Cancels one task; a refusal (e.g. it finished meanwhile) is shown as an error notice. */
export function CancelTaskButton({ id }: { id: number }) {
  const trpc = useTRPC();
  const notify = useNotify();
  const invalidate = useInvalidateTasks();
  const cancel = useMutation(
    trpc.tasks.cancel.mutationOptions({
      onSuccess: () => invalidate(),
      onError: (error) => {
        notify("error", `Could not cancel task #${id}: ${describeApiError(error)}`);
        return invalidate();
      },
    }),
  );

  return (
    <button
      type="button"
      className="button-small"
      data-testid={`cancel-task-${id}`}
      aria-label={`Cancel task ${id}`}
      disabled={cancel.isPending}
      onClick={() => cancel.mutate({ id })}
    >
      {cancel.isPending ? "Cancelling…" : "Cancel"}
    </button>
  );
}
