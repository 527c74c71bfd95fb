"use client";

import { useMutation } from "@tanstack/react-query";
import { describeApiError } from "@/lib/describe-api-error";
import { useTRPC } from "@/trpc/react";
import { ConfirmDialog } from "../confirm-actions";
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
    <ConfirmDialog
      subject={schedule}
      title="Delete this schedule?"
      testId="confirm-delete-schedule"
      label="Delete schedule"
      pendingLabel="Deleting…"
      pending={remove.isPending}
      describe={(schedule) => (
        <>
          <span className="mono">{schedule.type}</span> on <code>{schedule.cron}</code> ({schedule.timezone})
          creates no more tasks. The tasks it created stay.
        </>
      )}
      onClose={onClose}
      onConfirm={(schedule) => remove.mutate({ id: schedule.id })}
    />
  );
}
