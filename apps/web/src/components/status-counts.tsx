"use client";

import { useQuery } from "@tanstack/react-query";
import { TASK_STATUSES, type TaskCounts, type TaskFilter, type TaskStatus } from "@tps/api/client";
import Link from "next/link";
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
  /** Where a count leads (`undefined`: all statuses); by default the task list with that status. */
  hrefFor?: (status: TaskStatus | undefined) => string;
  /** The status the list is filtered by now (marked as the current one). */
  current?: TaskStatus;
}

const listOf = (status: TaskStatus | undefined) => (status ? `/tasks?status=${status}` : "/tasks");

/** Tasks per status, live; each count links to the list of those tasks. */
export function StatusCounts({
  filter,
  label = "Tasks per status",
  counts,
  hrefFor = listOf,
  current,
}: Props) {
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
        <div key={status} className={status === current ? "count count-current" : "count"}>
          <dt>
            <StatusBadge status={status} />
          </dt>
          <dd data-testid={`status-count-${status}`}>
            <CountLink href={hrefFor(status)} name={`List ${status}`} current={status === current}>
              {stats.data ? format(stats.data[status]) : missing}
            </CountLink>
          </dd>
        </div>
      ))}
      <div className="count">
        <dt className="count-total">TOTAL</dt>
        <dd data-testid="status-count-total">
          <CountLink href={hrefFor(undefined)} name="List all" current={false}>
            {total === null ? missing : format(total)}
          </CountLink>
        </dd>
      </div>
    </dl>
  );
}

/** The count as a link; its click area covers the whole card (see .count-link::after). */
function CountLink({
  href,
  name,
  current,
  children,
}: {
  href: string;
  name: string;
  current: boolean;
  children: string;
}) {
  return (
    <Link
      href={href}
      prefetch={false}
      className="count-link"
      aria-label={`${name}: ${children}`}
      aria-current={current ? "page" : undefined}
      scroll={false}
    >
      {children}
    </Link>
  );
}

const format = (n: number) => n.toLocaleString("en");
