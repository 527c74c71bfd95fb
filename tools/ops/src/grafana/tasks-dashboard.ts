import { CONSUMER_ROWS } from "./consumer-rows";
import type { DashboardSpec } from "./dashboard-model";
import { latency, stat, TASKS_PER_SECOND } from "./panel-kinds";
import { SCHEDULING_ROWS } from "./scheduling-rows";
import { BY_TYPE, TASK_TYPE_ROWS } from "./task-type-rows";

/** The two queries existing dashboards are built on: a contract, kept character for character. */
export const CONTRACT_QUERIES = {
  throughput: 'rate(tasks_processed_total{status="success"}[1m])',
  averageLifeCycle: "rate(task_execution_seconds_sum[1m]) / rate(task_execution_seconds_count[1m])",
} as const;

/**
 * The main dashboard (Grafana's home). Every expression is executed against a real Prometheus
 * scraping the running system by prometheus.int.test.ts and must return data there, so series
 * that exist only after a rare event (consumer errors, API errors) fall back to `vector(0)`.
 */
export const tasksDashboard: DashboardSpec = {
  uid: "tps-tasks",
  title: "Task processing",
  description: "Throughput, latency and backlog of the task processing system (web API + consumers).",
  tags: ["tps"],
  variables: [
    { name: "instance", label: "Consumer", query: 'label_values(up{job="consumer"}, instance)' },
    { name: "queue", label: "Queue", query: "label_values(task_queue_depth, queue)" },
    { name: "task_type", label: "Task type", query: "label_values(tasks_processed_total, task_type)" },
  ],
  rows: [
    {
      title: "Throughput and life cycle per consumer",
      panels: [
        {
          kind: "timeseries",
          title: "Consumer throughput",
          description: "Tasks completed per second, per consumer (a contract query).",
          unit: TASKS_PER_SECOND,
          targets: [{ expr: CONTRACT_QUERIES.throughput, legend: "{{instance}}" }],
          w: 12,
          h: 8,
        },
        {
          kind: "timeseries",
          title: "Average task life-cycle",
          description: "Mean created → completed time, per consumer (a contract query).",
          unit: "s",
          targets: [{ expr: CONTRACT_QUERIES.averageLifeCycle, legend: "{{instance}}" }],
          w: 12,
          h: 8,
        },
      ],
    },
    {
      title: "Overview",
      panels: [
        stat("Created", TASKS_PER_SECOND, "sum(rate(tasks_created_total[$__rate_interval]))"),
        stat(
          "Completed",
          TASKS_PER_SECOND,
          `sum(rate(tasks_processed_total{status="success", ${BY_TYPE}}[$__rate_interval]))`,
        ),
        stat("Ready in queue", "short", 'max by (queue) (task_queue_depth{queue=~"$queue"})', "{{queue}}"),
        stat("In flight", "short", "sum(consumer_tasks_in_flight)"),
        stat(
          "End-to-end p95",
          "s",
          `histogram_quantile(0.95, sum by (le) (rate(task_execution_seconds_bucket{${BY_TYPE}}[$__rate_interval])))`,
        ),
        stat("Consumers up", "short", 'sum(up{job="consumer"})'),
      ],
    },
    {
      title: "Throughput",
      panels: [
        {
          kind: "timeseries",
          title: "Created vs completed",
          description:
            "A lasting gap means the backlog grows. Created counts every type; completed follows the task type selection.",
          unit: TASKS_PER_SECOND,
          targets: [
            { expr: "sum(rate(tasks_created_total[$__rate_interval]))", legend: "created" },
            {
              expr: `sum(rate(tasks_processed_total{status="success", ${BY_TYPE}}[$__rate_interval]))`,
              legend: "completed",
            },
          ],
          w: 12,
          h: 8,
        },
        {
          kind: "timeseries",
          title: "Throughput by outcome",
          description:
            "received = claimed for work; backoff = failed with attempts left, retried after a delay; released = returned at shutdown.",
          unit: TASKS_PER_SECOND,
          targets: [
            {
              expr: `sum by (status) (rate(tasks_processed_total{${BY_TYPE}}[$__rate_interval]))`,
              legend: "{{status}}",
            },
          ],
          w: 12,
          h: 8,
        },
        {
          kind: "timeseries",
          title: "Failure rate",
          description: "Share of finished tasks that ended FAILED (retries exhausted).",
          unit: "percentunit",
          targets: [
            {
              expr: `sum(rate(tasks_processed_total{status="failed", ${BY_TYPE}}[$__rate_interval])) / sum(rate(tasks_processed_total{status=~"success|failed|canceled", ${BY_TYPE}}[$__rate_interval]))`,
              legend: "failed / finished",
            },
          ],
          w: 8,
          h: 8,
        },
        {
          kind: "timeseries",
          title: "Error rate",
          description:
            "Errors the consumer survived (consumer_errors_total, by stage in Explore) and tRPC procedures that returned an error.",
          unit: "suffix: errors/s",
          targets: [
            { expr: "sum(rate(consumer_errors_total[$__rate_interval])) or vector(0)", legend: "consumer" },
            {
              expr: 'sum(rate(trpc_request_duration_seconds_count{outcome="error"}[$__rate_interval])) or vector(0)',
              legend: "API",
            },
          ],
          w: 8,
          h: 8,
        },
        {
          kind: "timeseries",
          title: "Reconciler actions",
          description:
            "Tasks re-published (publish failed or retry due) and leases recovered from dead consumers.",
          unit: TASKS_PER_SECOND,
          targets: [
            {
              expr: "sum by (action) (rate(consumer_reconciled_total[$__rate_interval]))",
              legend: "{{action}}",
            },
          ],
          w: 8,
          h: 8,
        },
      ],
    },
    {
      title: "Latency",
      panels: [
        latency(
          "End-to-end (created → completed)",
          "task_execution_seconds",
          "What users feel: includes queue wait.",
          { filter: `{${BY_TYPE}}` },
        ),
        latency("Queue wait (created → started)", "task_queue_wait_seconds", "Backlog shows up here first."),
        latency("Processing (started → completed)", "task_processing_seconds", "The work itself.", {
          filter: '{outcome="success"}',
        }),
        latency(
          "Cancel latency (request → work stopped)",
          "task_cancel_latency_seconds",
          "From the cancel request to the running work being aborted.",
        ),
        {
          kind: "timeseries",
          title: "API latency p95 by procedure",
          unit: "s",
          targets: [
            {
              expr: "histogram_quantile(0.95, sum by (le, procedure) (rate(trpc_request_duration_seconds_bucket[$__rate_interval])))",
              legend: "{{procedure}}",
              exemplars: true,
            },
          ],
          w: 8,
          h: 8,
        },
        {
          kind: "timeseries",
          title: "API requests by procedure",
          unit: "reqps",
          targets: [
            {
              expr: "sum by (procedure, outcome) (rate(trpc_request_duration_seconds_count[$__rate_interval]))",
              legend: "{{procedure}} {{outcome}}",
            },
          ],
          w: 8,
          h: 8,
        },
      ],
    },
    ...TASK_TYPE_ROWS,
    ...SCHEDULING_ROWS,
    ...CONSUMER_ROWS,
  ],
};
