"use client";

import type { ActivityBucket } from "@tps/api/client";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from "recharts";
import {
  bucketLabel,
  describeBucket,
  describeWindow,
  throughputPoints,
  throughputTotals,
} from "@/lib/throughput";
import { EmptyState } from "../query-state";

interface Props {
  buckets: ActivityBucket[];
  windowMinutes: number;
  bucketSeconds: number;
}

const SERIES = [
  { key: "completed", name: "Completed", color: "var(--chart-completed)" },
  { key: "canceled", name: "Cancelled", color: "var(--chart-canceled)" },
  { key: "failed", name: "Failed", color: "var(--chart-failed)" },
] as const;

/** Finished tasks per bucket (stacked bars by outcome) and created tasks per bucket (line). */
export function ThroughputChart({ buckets, windowMinutes, bucketSeconds }: Props) {
  const points = throughputPoints(buckets, bucketLabel(bucketSeconds));
  const totals = throughputTotals(buckets);
  const window = describeWindow(windowMinutes);
  const summary = `In the last ${window}: ${totals.created} created, ${totals.completed} completed, ${totals.canceled} cancelled, ${totals.failed} failed.`;

  return (
    <section className="card chart-card" aria-labelledby="throughput-heading">
      <h2 id="throughput-heading">
        Throughput, last {window} <span className="muted">(per {describeBucket(bucketSeconds)})</span>
      </h2>
      <p className="muted chart-summary" data-testid="throughput-summary">
        {summary}
      </p>
      {totals.created + totals.completed + totals.canceled + totals.failed === 0 ? (
        <EmptyState testId="throughput-empty">No tasks created or finished in the last {window}.</EmptyState>
      ) : (
        <figure className="chart" data-testid="throughput-chart" aria-label={summary}>
          <ComposedChart
            responsive
            data={points}
            style={{ width: "100%", height: 260 }}
            margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
          >
            <CartesianGrid stroke="var(--border)" vertical={false} />
            <XAxis
              dataKey="label"
              stroke="var(--muted)"
              tick={{ fill: "var(--muted)", fontSize: 12 }}
              minTickGap={24}
            />
            <YAxis
              allowDecimals={false}
              stroke="var(--muted)"
              tick={{ fill: "var(--muted)", fontSize: 12 }}
            />
            <Tooltip
              contentStyle={{
                background: "var(--surface)",
                border: "1px solid var(--border)",
                color: "var(--text)",
              }}
              cursor={{ fill: "var(--bg)" }}
            />
            <Legend formatter={(value) => <span className="chart-legend">{value}</span>} />
            {SERIES.map((s) => (
              <Bar
                key={s.key}
                dataKey={s.key}
                name={s.name}
                stackId="finished"
                fill={s.color}
                isAnimationActive={false}
              />
            ))}
            <Line
              type="linear"
              dataKey="created"
              name="Created"
              stroke="var(--chart-created)"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          </ComposedChart>
        </figure>
      )}
    </section>
  );
}
