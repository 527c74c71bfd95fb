"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { chunks } from "@/lib/chunks";
import { describeApiError } from "@/lib/describe-api-error";
import { useTRPCClient } from "@/trpc/react";
import { useNotify } from "../notices";
import { useInvalidateTasks } from "../use-invalidate-tasks";
import type { Selection } from "./use-selection";

const MAX_IDS_PER_CALL = 1_000;

/**
 * Admins only (the caller gates it): "Delete selected…", then a confirmation naming the count.
 * Only finished tasks are deleted, with their timelines; the others are skipped and said so.
 */
export function DeleteSelected({ selection }: { selection: Selection }) {
  const client = useTRPCClient();
  const notify = useNotify();
  const invalidate = useInvalidateTasks();
  const [asking, setAsking] = useState(false);
  const ids = [...selection.selected];

  const run = useMutation({
    mutationFn: async () => {
      let changed = 0;
      let skipped = 0;
      for (const part of chunks(ids, MAX_IDS_PER_CALL)) {
        const result = await client.tasks.delete.mutate({ ids: part });
        changed += result.changed;
        skipped += result.skipped;
      }
      return { changed, skipped };
    },
    onSuccess: ({ changed, skipped }) => {
      notify("success", `Deleted ${tasks(changed)}${skipped ? `; skipped ${skipped} (not finished)` : ""}`);
      selection.clear();
    },
    onError: (error) => notify("error", `Delete failed: ${describeApiError(error)}`),
    onSettled: () => {
      setAsking(false);
      void invalidate();
    },
  });

  if (!asking) {
    return (
      <button type="button" className="button-danger" onClick={() => setAsking(true)}>
        Delete selected…
      </button>
    );
  }
  return (
    <span className="delete-confirm" data-testid="delete-selected-prompt">
      <span>Delete the finished ones of {tasks(ids.length)} for good?</span>
      <button
        type="button"
        className="button-danger"
        data-testid="delete-selected-confirm"
        disabled={run.isPending}
        onClick={() => run.mutate()}
      >
        {run.isPending ? "Deleting…" : `Delete ${tasks(ids.length)}`}
      </button>
      <button
        type="button"
        className="button-secondary"
        disabled={run.isPending}
        onClick={() => setAsking(false)}
      >
        Keep
      </button>
    </span>
  );
}

const tasks = (n: number) => `${n.toLocaleString("en")} ${n === 1 ? "task" : "tasks"}`;
