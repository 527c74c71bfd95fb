"use client";

import { useMutation } from "@tanstack/react-query";
import { chunks } from "@/lib/chunks";
import { describeApiError } from "@/lib/describe-api-error";
import { useTRPCClient } from "@/trpc/react";
import { RoleGate } from "../current-user";
import { useNotify } from "../notices";
import { useInvalidateTasks } from "../use-invalidate-tasks";
import { DeleteSelected } from "./delete-selected";
import type { Selection } from "./use-selection";

const MAX_IDS_PER_CALL = 1_000;
type Action = "cancel" | "retry";

/** "Cancel selected" / "Retry selected" for the checked rows; tasks in the wrong state are skipped. */
export function SelectionBar({ selection }: { selection: Selection }) {
  const client = useTRPCClient();
  const notify = useNotify();
  const invalidate = useInvalidateTasks();
  const ids = [...selection.selected];

  const run = useMutation({
    mutationFn: async (action: Action) => {
      let changed = 0;
      let skipped = 0;
      for (const part of chunks(ids, MAX_IDS_PER_CALL)) {
        const result =
          action === "cancel"
            ? await client.tasks.cancelMany.mutate({ ids: part })
            : await client.tasks.retryMany.mutate({ ids: part });
        changed += result.changed;
        skipped += result.skipped;
      }
      return { action, changed, skipped };
    },
    onSuccess: ({ action, changed, skipped }) => {
      const verb = action === "cancel" ? "Cancelled" : "Retried";
      const why = action === "cancel" ? "not pending or running" : "not failed";
      notify("success", `${verb} ${plural(changed)}${skipped ? `; skipped ${skipped} (${why})` : ""}`);
      selection.clear();
    },
    onError: (error) => notify("error", `Bulk action failed: ${describeApiError(error)}`),
    onSettled: () => invalidate(),
  });

  if (ids.length === 0) return null;
  return (
    <section className="selection-bar" aria-label="Selected tasks" data-testid="selection-bar">
      <span data-testid="selection-count">{plural(ids.length)} selected</span>
      <button
        type="button"
        className="button-danger"
        disabled={run.isPending}
        onClick={() => run.mutate("cancel")}
      >
        {run.isPending && run.variables === "cancel" ? "Cancelling…" : "Cancel selected"}
      </button>
      <button type="button" disabled={run.isPending} onClick={() => run.mutate("retry")}>
        {run.isPending && run.variables === "retry" ? "Retrying…" : "Retry selected"}
      </button>
      <RoleGate min="admin">
        <DeleteSelected selection={selection} />
      </RoleGate>
      <button type="button" className="button-secondary" onClick={selection.clear}>
        Clear selection
      </button>
    </section>
  );
}

const plural = (n: number) => `${n.toLocaleString("en")} ${n === 1 ? "task" : "tasks"}`;
