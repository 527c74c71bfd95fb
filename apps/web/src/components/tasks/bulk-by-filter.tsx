"use client";

import type { TaskFilter } from "@tps/api/client";
import { useState } from "react";
import type { TaskQuery } from "@/lib/task-query";
import { BulkFilterDialog } from "./bulk-filter-dialog";
import type { BulkAction } from "./use-bulk-run";

/** "Cancel all matching…", "Retry failed matching…" and "Delete finished matching…": act on every task the current filter matches. */
export function BulkByFilter({ query, filter }: { query: TaskQuery; filter: TaskFilter }) {
  const [action, setAction] = useState<BulkAction | null>(null);
  return (
    <div className="bulk-by-filter">
      <button type="button" className="button-secondary" onClick={() => setAction("cancel")}>
        Cancel all matching…
      </button>
      <button type="button" className="button-secondary" onClick={() => setAction("retry")}>
        Retry failed matching…
      </button>
      <button type="button" className="button-secondary" onClick={() => setAction("delete")}>
        Delete finished matching…
      </button>
      <BulkFilterDialog action={action} query={query} filter={filter} onClose={() => setAction(null)} />
    </div>
  );
}
