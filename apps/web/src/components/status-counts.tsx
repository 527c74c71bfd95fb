"use client";

import { useQuery } from "@tanstack/react-query";
import { TASK_STATUSES } from "@tps/api/client";
import { useTRPC } from "@/trpc/react";
import { StatusBadge } from "./status-badge";
import "./status-counts.css";

/** Tasks per status, refreshed every second. */
export function StatusCounts() {
  const trpc = useTRPC();
  const stats = useQuery(trpc.tasks.stats.queryOptions(undefined, { refetchInterval: 1_000 }));
  const total = stats.data ? Object.values(stats.data).reduce((sum, n) => sum + n, 0) : null;
  // Without data: "…" while loading, "—" when the API cannot be reached (the table says why).
  const missing = stats.isError ? "—" : "…";

  return (
    <dl className="counts" aria-label="Tasks per status" aria-busy={stats.isPending}>
      {TASK_STATUSES.map((status) => (
        <div key={status} className="count">
          <dt>
            <StatusBadge status={status} />
          </dt>
          <dd data-testid={`status-count-${status}`}>{stats.data ? format(stats.data[status]) : missing}</dd>
        </div>
      ))}
      <div className="count">
        <dt className="count-total">Total</dt>
        <dd data-testid="status-count-total">{total === null ? missing : format(total)}</dd>
      </div>
    </dl>
  );
}

const format = (n: number) => n.toLocaleString("en");
