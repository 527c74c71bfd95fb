"use client";

import { useMutation } from "@tanstack/react-query";
import type { Task } from "@tps/api/client";
import { describeApiError } from "@/lib/describe-api-error";
import { truncate } from "@/lib/format-time";
import { useTRPC } from "@/trpc/react";
import { ConfirmActions } from "../confirm-actions";
import { ModalDialog } from "../modal-dialog";
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
    <ModalDialog
      open={task !== null}
      title={task ? `Cancel task #${task.id}?` : "Cancel task"}
      onClose={onClose}
      testId="confirm-cancel"
    >
      {task && (
        <p>
          It is {task.status}; cancelling stops it{task.status === "PROCESSING" ? " within a second" : ""}.
          Payload: <span className="mono">{truncate(task.payload, 80) || "(empty)"}</span>
        </p>
      )}
      <ConfirmActions
        label="Cancel task"
        pendingLabel="Cancelling…"
        pending={cancel.isPending}
        disabled={task === null}
        testId="confirm-cancel-button"
        onKeep={onClose}
        onConfirm={() => task && cancel.mutate({ id: task.id })}
      />
    </ModalDialog>
  );
}
