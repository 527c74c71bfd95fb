import type { RowSpec } from "./dashboard-model";
import { TASKS_PER_SECOND } from "./panel-kinds";

/** The selector of the dashboard's `task_type` variable ("All" matches every type). */
export const BY_TYPE = 'task_type=~"$task_type"';

/**
 * Task types side by side: throughput and latency from the consumers' `task_type` label, and what
 * the web reports from the database at scrape time (tasks waiting, workers online per type).
 */
export const TASK_TYPE_ROWS: RowSpec[] = [
  {
    title: "By task type",
    panels: [
      {
        kind: "timeseries",
        title: "Completed by task type",
        description: "Tasks completed per second, per task type.",
        unit: TASKS_PER_SECOND,
        targets: [
          {
            expr: `sum by (task_type) (rate(tasks_processed_total{status="success", ${BY_TYPE}}[$__rate_interval]))`,
            legend: "{{task_type}}",
          },
        ],
        w: 12,
        h: 8,
      },
      {
        kind: "timeseries",
        title: "End-to-end p95 by task type",
        description: "Created → finished, p95, per task type.",
        unit: "s",
        targets: [
          {
            expr: `histogram_quantile(0.95, sum by (le, task_type) (rate(task_execution_seconds_bucket{${BY_TYPE}}[$__rate_interval])))`,
            legend: "{{task_type}}",
            exemplars: true,
          },
        ],
        w: 12,
        h: 8,
      },
      {
        kind: "timeseries",
        title: "Waiting by task type",
        description:
          "PENDING and PROCESSING tasks per registered type, from the database (the web's /api/metrics).",
        unit: "short",
        targets: [
          {
            expr: `max by (task_type, status) (task_type_tasks{status=~"PENDING|PROCESSING", ${BY_TYPE}})`,
            legend: "{{task_type}} {{status}}",
          },
        ],
        w: 12,
        h: 8,
      },
      {
        kind: "timeseries",
        title: "Workers online by task type",
        description:
          "Worker processes serving each registered type. PENDING tasks of a type with none for 5 minutes raise TaskTypeWithoutWorker.",
        unit: "short",
        targets: [
          { expr: `max by (task_type) (task_type_workers_online{${BY_TYPE}})`, legend: "{{task_type}}" },
        ],
        w: 12,
        h: 8,
      },
    ],
  },
];
