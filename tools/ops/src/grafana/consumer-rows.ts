import type { RowSpec } from "./dashboard-model";
import { perInstance, perProcess, TASKS_PER_SECOND } from "./panel-kinds";
import { BY_TYPE } from "./task-type-rows";

/** The consumer's internals, the broker's own view, and the per-consumer breakdown. */
export const CONSUMER_ROWS: RowSpec[] = [
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
        description:
          "Poison messages set aside in <queue>.dead, as the broker and the consumers (which alert on it) see them; read, redrive or purge them on the console's Dead letters page.",
        unit: "short",
        targets: [
          { expr: 'sum by (queue) (rabbitmq_queue_messages{queue=~".+\\\\.dead"})', legend: "{{queue}}" },
          { expr: "max by (queue) (task_dead_letter_depth)", legend: "{{queue}}.dead (consumers)" },
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
        `sum by (instance) (rate(tasks_processed_total{status="success", instance=~"$instance", ${BY_TYPE}}[$__rate_interval]))`,
      ),
      perInstance(
        "In flight by consumer",
        "short",
        'sum by (instance) (consumer_tasks_in_flight{instance=~"$instance"})',
      ),
      perInstance(
        "End-to-end p95 by consumer",
        "s",
        `histogram_quantile(0.95, sum by (le, instance) (rate(task_execution_seconds_bucket{instance=~"$instance", ${BY_TYPE}}[$__rate_interval])))`,
      ),
      {
        ...perInstance(
          "Consuming by consumer",
          "short",
          'min by (instance) (tps_consumer_consuming{instance=~"$instance"})',
        ),
        description:
          "1 while every task type the consumer serves has an active broker consumer; 0 while a channel is lost (queue deleted, consumer_timeout, broker unreachable) or processing is paused. Alert: ConsumerNotConsuming.",
      },
      {
        ...perProcess(
          "Circuit breakers open",
          "short",
          'max by (job, instance, dependency) (tps_dependency_breaker_open{job=~"web|api|consumer"})',
        ),
        description:
          "1 while a process treats a dependency as down: calls to it fail fast until a probe answers (every second). Redis open: cancels reach running work at lease renewal, API rate limits count per process, task types with concurrency or rate limits wait (fail closed).",
      },
      perProcess(
        "CPU by process",
        "percentunit",
        'sum by (job, instance) (rate(process_cpu_seconds_total{job=~"web|api|consumer"}[$__rate_interval]))',
      ),
      perProcess(
        "Memory (RSS) by process",
        "bytes",
        'sum by (job, instance) (process_resident_memory_bytes{job=~"web|api|consumer"})',
      ),
      perProcess(
        "Event loop lag p99 by process",
        "s",
        'max by (job, instance) (nodejs_eventloop_lag_p99_seconds{job=~"web|api|consumer"})',
      ),
    ],
  },
];
