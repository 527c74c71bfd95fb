import { type DashboardSpec, quantileTargets } from "./dashboard-model";

/** The two queries existing dashboards are built on: a contract, kept character for character. */
export const CONTRACT_QUERIES = {
  throughput: 'rate(tasks_processed_total{status="success"}[1m])',
  averageLifeCycle: "rate(task_execution_seconds_sum[1m]) / rate(task_execution_seconds_count[1m])",
} as const;

const TASKS_PER_SECOND = "suffix: tasks/s";

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
          'sum(rate(tasks_processed_total{status="success"}[$__rate_interval]))',
        ),
        stat("Ready in queue", "short", 'max by (queue) (task_queue_depth{queue=~"$queue"})', "{{queue}}"),
        stat("In flight", "short", "sum(consumer_tasks_in_flight)"),
        stat(
          "End-to-end p95",
          "s",
          "histogram_quantile(0.95, sum by (le) (rate(task_execution_seconds_bucket[$__rate_interval])))",
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
          description: "A lasting gap means the backlog grows.",
          unit: TASKS_PER_SECOND,
          targets: [
            { expr: "sum(rate(tasks_created_total[$__rate_interval]))", legend: "created" },
            {
              expr: 'sum(rate(tasks_processed_total{status="success"}[$__rate_interval]))',
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
            { expr: "sum by (status) (rate(tasks_processed_total[$__rate_interval]))", legend: "{{status}}" },
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
              expr: 'sum(rate(tasks_processed_total{status="failed"}[$__rate_interval])) / sum(rate(tasks_processed_total{status=~"success|failed|canceled"}[$__rate_interval]))',
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
    {
      title: "Consumer internals",
      panels: [
        {
          kind: "timeseries",
          title: "In flight",
          description: "Tasks being worked on now (capped by PREFETCH per consumer).",
          unit: "short",
          targets: [{ expr: "sum(consumer_tasks_in_flight)", legend: "in flight" }],
          w: 8,
          h: 8,
        },
        {
          kind: "timeseries",
          title: "Queue depth (ready)",
          description: "Messages waiting in RabbitMQ, as the consumers see them (refreshed every 5 s).",
          unit: "short",
          targets: [{ expr: 'max by (queue) (task_queue_depth{queue=~"$queue"})', legend: "{{queue}}" }],
          w: 8,
          h: 8,
        },
        {
          kind: "timeseries",
          title: "Batch sizes",
          description: "Tasks per claim statement and per settle statement.",
          unit: "short",
          targets: [
            {
              expr: "sum by (kind) (rate(consumer_batch_size_sum[$__rate_interval])) / sum by (kind) (rate(consumer_batch_size_count[$__rate_interval]))",
              legend: "{{kind}} avg",
            },
            {
              expr: "histogram_quantile(0.95, sum by (le, kind) (rate(consumer_batch_size_bucket[$__rate_interval])))",
              legend: "{{kind}} p95",
            },
          ],
          w: 8,
          h: 8,
        },
      ],
    },
    {
      title: "RabbitMQ",
      panels: [
        {
          kind: "timeseries",
          title: "Ready and unacked",
          description: "The broker's own view of each task queue (rabbitmq_prometheus, per-object metrics).",
          unit: "short",
          targets: [
            {
              expr: 'sum by (queue) (rabbitmq_queue_messages_ready{queue=~"$queue"})',
              legend: "{{queue}} ready",
            },
            {
              expr: 'sum by (queue) (rabbitmq_queue_messages_unacked{queue=~"$queue"})',
              legend: "{{queue}} unacked",
            },
          ],
          w: 8,
          h: 8,
        },
        {
          kind: "timeseries",
          title: "Publish and deliver rates",
          description: "Messages published into and delivered by the broker, all queues.",
          unit: "suffix: msg/s",
          targets: [
            {
              expr: "sum(rate(rabbitmq_global_messages_received_total[$__rate_interval]))",
              legend: "published",
            },
            {
              expr: "sum(rate(rabbitmq_global_messages_delivered_total[$__rate_interval]))",
              legend: "delivered",
            },
          ],
          w: 8,
          h: 8,
        },
        {
          kind: "timeseries",
          title: "Dead-letter depth",
          description: "Poison messages set aside in <queue>.dead: each one is worth a look.",
          unit: "short",
          targets: [
            { expr: 'sum by (queue) (rabbitmq_queue_messages{queue=~".+\\\\.dead"})', legend: "{{queue}}" },
          ],
          w: 8,
          h: 8,
        },
      ],
    },
    {
      title: "Per consumer",
      panels: [
        perInstance(
          "Completed by consumer",
          TASKS_PER_SECOND,
          'sum by (instance) (rate(tasks_processed_total{status="success", instance=~"$instance"}[$__rate_interval]))',
        ),
        perInstance(
          "In flight by consumer",
          "short",
          'sum by (instance) (consumer_tasks_in_flight{instance=~"$instance"})',
        ),
        perInstance(
          "End-to-end p95 by consumer",
          "s",
          'histogram_quantile(0.95, sum by (le, instance) (rate(task_execution_seconds_bucket{instance=~"$instance"}[$__rate_interval])))',
        ),
        perProcess(
          "CPU by process",
          "percentunit",
          'sum by (job, instance) (rate(process_cpu_seconds_total{job=~"web|consumer"}[$__rate_interval]))',
        ),
        perProcess(
          "Memory (RSS) by process",
          "bytes",
          'sum by (job, instance) (process_resident_memory_bytes{job=~"web|consumer"})',
        ),
        perProcess(
          "Event loop lag p99 by process",
          "s",
          'max by (job, instance) (nodejs_eventloop_lag_p99_seconds{job=~"web|consumer"})',
        ),
      ],
    },
  ],
};

function stat(title: string, unit: string, expr: string, legend?: string) {
  return { kind: "stat" as const, title, unit, targets: [{ expr, legend }], w: 4, h: 4 };
}

function latency(title: string, histogram: string, description: string, options: { filter?: string } = {}) {
  return {
    kind: "timeseries" as const,
    title,
    description,
    unit: "s",
    targets: quantileTargets(histogram, options),
    w: 8,
    h: 8,
  };
}

function perInstance(title: string, unit: string, expr: string) {
  return {
    kind: "timeseries" as const,
    title,
    unit,
    targets: [{ expr, legend: "{{instance}}" }],
    w: 8,
    h: 8,
  };
}

function perProcess(title: string, unit: string, expr: string) {
  return {
    kind: "timeseries" as const,
    title,
    unit,
    targets: [{ expr, legend: "{{job}} {{instance}}" }],
    w: 8,
    h: 8,
  };
}
