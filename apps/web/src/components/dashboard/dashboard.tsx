"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";
import { usePollInterval } from "../live-updates";
import { ErrorState, LoadingState } from "../query-state";
import { StatusCounts } from "../status-counts";
import { ConsumersTable } from "./consumers-table";
import "./dashboard.css";
import { DashboardMetrics } from "./dashboard-metrics";
import { ProcessingSwitch } from "./processing-switch";
import { ThroughputChart } from "./throughput-chart";

/** Counts, throughput and latency over the last 15 minutes, queue depth and live consumers. */
export function Dashboard() {
  const trpc = useTRPC();
  const overview = useQuery(
    trpc.dashboard.overview.queryOptions(undefined, { refetchInterval: usePollInterval() }),
  );
  const data = overview.data;

  return (
    <main id="main" className="page">
      <div className="page-header">
        <h1>Dashboard</h1>
        <ProcessingSwitch />
        <StatusCounts />
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
