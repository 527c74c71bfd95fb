"use client";

import { useMutation } from "@tanstack/react-query";
import { describeApiError } from "@/lib/describe-api-error";
import { useTRPC } from "@/trpc/react";
import { useNotify } from "./notices";
import { useInvalidateTasks } from "./use-invalidate-tasks";

/** `runNow` is `retryNow` on a task scheduled for later (a run-at time or delay): it is due now. */
type Action = "cancel" | "retry" | "retryNow" | "runNow";

interface Text {
  /** The compact button (table rows), and the regular one (detail page). */
  idle: string;
  full: string;
  busy: string;
  done: string;
  label: (id: number) => string;
}

const TEXT: Record<Action, Text> = {
  cancel: {
    idle: "Cancel",
    full: "Cancel task",
    busy: "Cancelling…",
    done: "Cancelled",
    label: (id) => `Cancel task ${id}`,
  },
  retry: {
    idle: "Retry",
    full: "Retry task",
    busy: "Retrying…",
    done: "Retried",
    label: (id) => `Retry task ${id}`,
  },
  retryNow: {
    idle: "Retry now",
    full: "Retry now",
    busy: "Retrying…",
    done: "Skipped the backoff of",
    label: (id) => `Retry task ${id} now`,
  },
  runNow: {
    idle: "Run now",
    full: "Run now",
    busy: "Starting…",
    done: "Brought forward",
    label: (id) => `Run task ${id} now`,
  },
};

interface Props {
  id: number;
  action: Action;
  /** Small outline button (table rows) or a regular one (detail page). */
  compact?: boolean;
}

/** Cancels, retries or retries now (skipping a backoff) one task; a refusal (e.g. it finished meanwhile) shows the server's reason. */
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
      notify("error", `Could not ${TEXT[action].idle.toLowerCase()} task #${id}: ${describeApiError(error)}`);
      return invalidate();
    },
  };
  const cancel = useMutation(trpc.tasks.cancel.mutationOptions(options));
  const retry = useMutation(trpc.tasks.retry.mutationOptions(options));
  const retryNow = useMutation(trpc.tasks.retryNow.mutationOptions(options));
  const mutation = { cancel, retry, retryNow, runNow: retryNow }[action];

  return (
    <button
      type="button"
      className={`${compact ? "button-small" : action === "cancel" ? "button-danger" : ""} action-${action}`}
      data-testid={`${action}-task-${id}`}
      aria-label={TEXT[action].label(id)}
      disabled={mutation.isPending}
      onClick={() => mutation.mutate({ id })}
    >
      {mutation.isPending ? TEXT[action].busy : compact ? TEXT[action].idle : TEXT[action].full}
    </button>
  );
}
