import type { RowSpec } from "./dashboard-model";
import { chart, perInstance, perProcess, TASKS_PER_SECOND } from "./panel-kinds";
import { BY_TYPE } from "./task-type-rows";

/** The consumer's internals, the broker's own view, and the per-consumer breakdown. */
export const CONSUMER_ROWS: RowSpec[] = [
  {
    title: "Consumer internals",
    panels: [
      chart("In flight", "Tasks being worked on now (capped by PREFETCH per consumer).", "short", [
        { expr: "sum(consumer_tasks_in_flight)", legend: "in flight" },
      ]),
      chart(
        "Queue depth (ready)",
        "Messages waiting in RabbitMQ, as the consumers see them (refreshed every 5 s).",
        "short",
        [{ expr: 'max by (queue) (task_queue_depth{queue=~"$queue"})', legend: "{{queue}}" }],
      ),
      chart("Batch sizes", "Tasks per claim statement and per settle statement.", "short", [
        {
          expr: "sum by (kind) (rate(consumer_batch_size_sum[$__rate_interval])) / sum by (kind) (rate(consumer_batch_size_count[$__rate_interval]))",
          legend: "{{kind}} avg",
        },
        {
          expr: "histogram_quantile(0.95, sum by (le, kind) (rate(consumer_batch_size_bucket[$__rate_interval])))",
          legend: "{{kind}} p95",
        },
      ]),
    ],
  },
  {
    title: "RabbitMQ",
    panels: [
      chart(
        "Ready and unacked",
        "The broker's own view of each task queue (rabbitmq_prometheus, per-object metrics).",
        "short",
        [
          {
            expr: 'sum by (queue) (rabbitmq_queue_messages_ready{queue=~"$queue"})',
            legend: "{{queue}} ready",
          },
          {
            expr: 'sum by (queue) (rabbitmq_queue_messages_unacked{queue=~"$queue"})',
            legend: "{{queue}} unacked",
          },
        ],
      ),
      chart(
        "Publish and deliver rates",
        "Messages published into and delivered by the broker, all queues.",
        "suffix: msg/s",
        [
          {
            expr: "sum(rate(rabbitmq_global_messages_received_total[$__rate_interval]))",
            legend: "published",
          },
          {
            expr: "sum(rate(rabbitmq_global_messages_delivered_total[$__rate_interval]))",
            legend: "delivered",
          },
        ],
      ),
      chart(
        "Dead-letter depth",
        "Poison messages set aside in <queue>.dead, as the broker and the consumers (which alert on it) see them; read, redrive or purge them on the console's Dead letters page.",
        "short",
        [
          { expr: 'sum by (queue) (rabbitmq_queue_messages{queue=~".+\\\\.dead"})', legend: "{{queue}}" },
          { expr: "max by (queue) (task_dead_letter_depth)", legend: "{{queue}}.dead (consumers)" },
        ],
      ),
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
