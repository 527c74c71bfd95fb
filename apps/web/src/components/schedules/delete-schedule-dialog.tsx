"use client";

import { useMutation } from "@tanstack/react-query";
import { describeApiError } from "@/lib/describe-api-error";
import { useTRPC } from "@/trpc/react";
import { ConfirmActions } from "../confirm-actions";
import { ModalDialog } from "../modal-dialog";
import { useNotify } from "../notices";
import type { Schedule } from "./use-schedules";
import { useInvalidateSchedules } from "./use-schedules";

/** Asks before deleting `schedule`: its future ticks stop; tasks it already created stay. */
export function DeleteScheduleDialog({
  schedule,
  onClose,
}: {
  schedule: Schedule | null;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const notify = useNotify();
  const invalidate = useInvalidateSchedules();
  const remove = useMutation(
    trpc.schedules.delete.mutationOptions({
      onSuccess: ({ deleted }, { id }) =>
        notify(
          deleted ? "success" : "error",
          deleted ? `Deleted schedule ${id}` : `Schedule ${id} was already gone`,
        ),
      onError: (error, { id }) =>
        notify("error", `Could not delete schedule ${id}: ${describeApiError(error)}`),
      onSettled: () => {
        onClose();
        return invalidate();
      },
    }),
  );
  return (
    <ModalDialog
      open={schedule !== null}
      title="Delete this schedule?"
      onClose={onClose}
      testId="confirm-delete-schedule"
    >
      {schedule && (
        <p>
          <span className="mono">{schedule.type}</span> on <code>{schedule.cron}</code> ({schedule.timezone})
          creates no more tasks. The tasks it created stay.
        </p>
      )}
      <ConfirmActions
        label="Delete schedule"
        pendingLabel="Deleting…"
        pending={remove.isPending}
        disabled={schedule === null}
        testId="confirm-delete-schedule-button"
        onKeep={onClose}
        onConfirm={() => schedule && remove.mutate({ id: schedule.id })}
      />
    </ModalDialog>
  );
}
