"use client";

import { useQuery } from "@tanstack/react-query";
import { TASK_STATUSES, type TaskCounts, type TaskFilter } from "@tps/api/client";
import { useTRPC } from "@/trpc/react";
import { usePollInterval } from "./live-updates";
import { StatusBadge } from "./status-badge";
import "./status-counts.css";

interface Props {
  /** Count only tasks matching this filter (all tasks without one). */
  filter?: TaskFilter;
  label?: string;
  /** Counts the page fetched already (the dashboard's overview): no query of its own. */
  counts?: { data?: TaskCounts; isPending: boolean; isError: boolean };
}

/** Tasks per status, live. */
export function StatusCounts({ filter, label = "Tasks per status", counts }: Props) {
  const trpc = useTRPC();
  const input = filter && Object.keys(filter).length > 0 ? { filter } : undefined;
  const query = useQuery(
    trpc.tasks.stats.queryOptions(input, {
      refetchInterval: usePollInterval(),
      placeholderData: (p) => p,
      enabled: counts === undefined,
    }),
  );
  const stats = counts ?? query;
  const total = stats.data ? Object.values(stats.data).reduce((sum, n) => sum + n, 0) : null;
  // Without data: "…" while loading, "—" when the API cannot be reached (the page says why).
  const missing = stats.isError ? "—" : "…";

  return (
    <dl className="counts" aria-label={label} aria-busy={stats.isPending}>
      {TASK_STATUSES.map((status) => (
        <div key={status} className="count">
          <dt>
            <StatusBadge status={status} />
          </dt>
          <dd data-testid={`status-count-${status}`}>{stats.data ? format(stats.data[status]) : missing}</dd>
        </div>
      ))}
      <div className="count">
        <dt className="count-total">TOTAL</dt>
        <dd data-testid="status-count-total">{total === null ? missing : format(total)}</dd>
      </div>
    </dl>
  );
}

const format = (n: number) => n.toLocaleString("en");
