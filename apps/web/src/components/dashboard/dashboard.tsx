"use client";

import { useQuery } from "@tanstack/react-query";
import type { ActivityRange } from "@tps/api/client";
import { usePathname, useRouter } from "next/navigation";
import { useTRPC } from "@/trpc/react";
import { usePollInterval } from "../live-updates";
import { ErrorState, LoadingState } from "../query-state";
import { StatusCounts } from "../status-counts";
import { ConsumersTable } from "./consumers-table";
import "./dashboard.css";
import { DashboardMetrics } from "./dashboard-metrics";
import { ProcessingSwitch } from "./processing-switch";
import { RangePicker } from "./range-picker";
import { ThroughputChart } from "./throughput-chart";

/**
 * Counts, queue depth and live consumers, and throughput and latency over `range` (picked here, kept
 * in the URL as `?range=1h`). One query feeds it all, the counts included.
 */
export function Dashboard({ range }: { range: ActivityRange }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const overview = useQuery(
    trpc.dashboard.overview.queryOptions(
      { range },
      { refetchInterval: usePollInterval(), placeholderData: (previous) => previous },
    ),
  );
  const data = overview.data;
  const pickRange = (next: ActivityRange) =>
    router.replace(next === "15m" ? pathname : `${pathname}?range=${next}`, { scroll: false });

  return (
    <main id="main" className="page">
      <div className="page-header">
        <h1>Dashboard</h1>
        <ProcessingSwitch />
        <StatusCounts
          counts={{ data: data?.counts, isPending: overview.isPending, isError: overview.isError }}
        />
      </div>
      {overview.isError && (
        <ErrorState
          what={data ? "fresh numbers (showing the last ones)" : "the overview"}
          error={overview.error}
          testId="dashboard-error"
        />
      )}
      {overview.isPending && <LoadingState label="Loading the overview…" testId="dashboard-loading" />}
      {data && (
        <>
          <RangePicker value={range} onChange={pickRange} />
          <DashboardMetrics overview={data} />
          <ThroughputChart
            buckets={data.activity.buckets}
            windowMinutes={data.windowMinutes}
            bucketSeconds={data.bucketSeconds}
          />
          <ConsumersTable consumers={data.consumers} />
        </>
      )}
    </main>
  );
}
