import type { RowSpec } from "./dashboard-model";
import { TASKS_PER_SECOND } from "./panel-kinds";
import { BY_TYPE } from "./task-type-rows";

/** The limit series name their task type `type` (not `task_type`); the same variable filters them. */
const LIMIT_BY_TYPE = 'type=~"$task_type"';

/**
 * Delays, expiry, limits and cron schedules (issue 22). The database-wide gauges are reported by
 * every worker process alike, so they are read with `max`; the limit series exist only once a
 * worker serves a limited type, so they fall back to `vector(0)`.
 */
export const SCHEDULING_ROWS: RowSpec[] = [
  {
    title: "Scheduling and limits",
    panels: [
      {
        kind: "timeseries",
        title: "Due, not started",
        description:
          "PENDING tasks due more than 1 s ago that no limit holds back: delayed tasks, retries and schedule ticks waiting for a consumer.",
        unit: "short",
        targets: [{ expr: "max(tasks_due_not_started)", legend: "due, not started" }],
        w: 8,
        h: 8,
      },
      {
        kind: "timeseries",
        title: "Lateness of due tasks",
        description:
          "How late the most overdue due PENDING task is (now − its run time). Alert DueTasksLate above 60 s for 1 minute.",
        unit: "s",
        targets: [{ expr: "max(tasks_oldest_pending_age_seconds)", legend: "most overdue" }],
        w: 8,
        h: 8,
      },
      {
        kind: "timeseries",
        title: "Expired",
        description:
          "Tasks not started within their ttlMs, ended CANCELED with the reason expired, per task type.",
        unit: TASKS_PER_SECOND,
        targets: [
          {
            expr: `sum by (task_type) (rate(tasks_processed_total{status="expired", ${BY_TYPE}}[$__rate_interval]))`,
            legend: "{{task_type}}",
          },
        ],
        w: 8,
        h: 8,
      },
      {
        kind: "timeseries",
        title: "Waiting on limits by type",
        description:
          "PENDING tasks held back by their type's concurrency or rate limit (waiting_on), from the database. They spend no attempt while held.",
        unit: "short",
        targets: [
          {
            expr: `max by (type, limit) (tasks_waiting_on_limits{${LIMIT_BY_TYPE}}) or vector(0)`,
            legend: "{{type}} {{limit}}",
          },
        ],
        w: 8,
        h: 8,
      },
      {
        kind: "timeseries",
        title: "Limit decisions",
        description:
          "Slots and tokens asked of Redis before a claim: acquired (claimed), held (waits, no attempt spent), unavailable (Redis down: limited types wait, fail closed).",
        unit: "suffix: decisions/s",
        targets: [
          {
            expr: `sum by (type, limit, outcome) (rate(task_limit_decisions_total{${LIMIT_BY_TYPE}}[$__rate_interval])) or vector(0)`,
            legend: "{{type}} {{limit}} {{outcome}}",
          },
        ],
        w: 8,
        h: 8,
      },
      {
        kind: "timeseries",
        title: "Schedule ticks",
        description:
          "Tasks made by cron schedules, and ticks skipped while no worker ran (each downtime makes one catch-up task). Alert ScheduleTicksMissed.",
        unit: "suffix: ticks/min",
        targets: [
          { expr: "60 * sum(rate(schedule_ticks_total[$__rate_interval]))", legend: "ticks" },
          { expr: "60 * sum(rate(schedule_ticks_missed_total[$__rate_interval]))", legend: "missed" },
        ],
        w: 8,
        h: 8,
      },
    ],
  },
];
