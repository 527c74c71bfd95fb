"use client";

import { useMutation } from "@tanstack/react-query";
import { describeApiError } from "@/lib/describe-api-error";
import { useTRPC } from "@/trpc/react";
import { useNotify } from "./notices";
import { useInvalidateTasks } from "./use-invalidate-tasks";

type Action = "cancel" | "retry";

const TEXT: Record<Action, { idle: string; busy: string; done: string }> = {
  cancel: { idle: "Cancel", busy: "Cancelling…", done: "Cancelled" },
  retry: { idle: "Retry", busy: "Retrying…", done: "Retried" },
};

interface Props {
  id: number;
  action: Action;
  /** Small outline button (table rows) or a regular one (detail page). */
  compact?: boolean;
}

/** Cancels or retries one task; a refusal (e.g. it finished meanwhile) shows the server's reason. */
export function TaskActionButton({ id, action, compact = false }: Props) {
  const trpc = useTRPC();
  const notify = useNotify();
  const invalidate = useInvalidateTasks();
  const options = {
    onSuccess: () => {
      if (!compact) notify("success", `${TEXT[action].done} task #${id}`);
      return invalidate();
    },
    onError: (error: unknown) => {
      notify("error", `Could not ${action} task #${id}: ${describeApiError(error)}`);
      return invalidate();
    },
  };
  const cancel = useMutation(trpc.tasks.cancel.mutationOptions(options));
  const retry = useMutation(trpc.tasks.retry.mutationOptions(options));
  const mutation = action === "cancel" ? cancel : retry;

  return (
    <button
      type="button"
      className={`${compact ? "button-small" : action === "cancel" ? "button-danger" : ""} action-${action}`}
      data-testid={`${action}-task-${id}`}
      aria-label={`${TEXT[action].idle} task ${id}`}
      disabled={mutation.isPending}
      onClick={() => mutation.mutate({ id })}
    >
      {mutation.isPending ? TEXT[action].busy : compact ? TEXT[action].idle : `${TEXT[action].idle} task`}
    </button>
  );
}
