"use client";

import { useMutation } from "@tanstack/react-query";
import type { Task } from "@tps/api/client";
import { describeApiError } from "@/lib/describe-api-error";
import { truncate } from "@/lib/format-time";
import { useTRPC } from "@/trpc/react";
import { ConfirmDialog } from "../confirm-actions";
import { useNotify } from "../notices";
import { useInvalidateTasks } from "../use-invalidate-tasks";

/** Asks before cancelling `task` (the `c` shortcut); says what happened either way. */
export function ConfirmCancelDialog({ task, onClose }: { task: Task | null; onClose: () => void }) {
  const trpc = useTRPC();
  const notify = useNotify();
  const invalidate = useInvalidateTasks();
  const cancel = useMutation(
    trpc.tasks.cancel.mutationOptions({
      onSuccess: (_, { id }) => notify("success", `Cancelled task #${id}`),
      onError: (error, { id }) => notify("error", `Could not cancel task #${id}: ${describeApiError(error)}`),
      onSettled: () => {
        onClose();
        return invalidate();
      },
    }),
  );

  return (
    <ConfirmDialog
      subject={task}
      title={task ? `Cancel task #${task.id}?` : "Cancel task"}
      testId="confirm-cancel"
      label="Cancel task"
      pendingLabel="Cancelling…"
      pending={cancel.isPending}
      describe={(task) => (
        <>
          It is {task.status}; cancelling stops it{task.status === "PROCESSING" ? " within a second" : ""}.
          Payload: <span className="mono">{truncate(task.payload, 80) || "(empty)"}</span>
        </>
      )}
      onClose={onClose}
      onConfirm={(task) => cancel.mutate({ id: task.id })}
    />
  );
}
