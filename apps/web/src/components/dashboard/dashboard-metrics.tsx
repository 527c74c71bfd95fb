import type { Overview } from "@tps/api/client";
import { formatDuration } from "@/lib/format-duration";
import { describeWindow, formatRate, perMinute, throughputTotals } from "@/lib/throughput";

const seconds = (value: number | null) => (value === null ? "—" : formatDuration(value * 1000));

/** The headline numbers: latency, throughput rates, queue depth, consumers. */
export function DashboardMetrics({ overview }: { overview: Overview }) {
  const { activity, windowMinutes, queueDepth, consumers } = overview;
  const totals = throughputTotals(activity.buckets);
  const inFlight = consumers.reduce((sum, c) => sum + c.inFlight, 0);
  const metrics = [
    {
      id: "latency-p50",
      label: "Latency p50",
      value: seconds(activity.latency.p50),
      note: "created → completed",
    },
    {
      id: "latency-p95",
      label: "Latency p95",
      value: seconds(activity.latency.p95),
      note: `${activity.latency.completed.toLocaleString("en")} completed`,
    },
    {
      id: "created-rate",
      label: "Created / min",
      value: formatRate(perMinute(totals.created, windowMinutes)),
      note: `${totals.created.toLocaleString("en")} in ${describeWindow(windowMinutes)}`,
    },
    {
      id: "completed-rate",
      label: "Completed / min",
      value: formatRate(perMinute(totals.completed, windowMinutes)),
      note: `${totals.failed.toLocaleString("en")} failed, ${totals.canceled.toLocaleString("en")} cancelled`,
    },
    {
      id: "queue-depth",
      label: "Queue depth",
      value: queueDepth === null ? "unknown" : queueDepth.toLocaleString("en"),
      note: queueDepth === null ? "broker not reachable" : "messages ready",
    },
    {
      id: "consumers-online",
      label: "Consumers online",
      value: String(consumers.length),
      note: `${inFlight.toLocaleString("en")} tasks in flight`,
    },
  ];
  return (
    <section aria-label={`Last ${describeWindow(windowMinutes)}`} className="metrics">
      {metrics.map((m) => (
        <div key={m.id} className="panel metric">
          <h2 className="metric-label">{m.label}</h2>
          <p className="metric-value" data-testid={`metric-${m.id}`}>
            {m.value}
          </p>
          <p className="metric-note">{m.note}</p>
        </div>
      ))}
    </section>
  );
}
