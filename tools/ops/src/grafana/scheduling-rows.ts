import type { RowSpec } from "./dashboard-model";
import { chart, TASKS_PER_SECOND } from "./panel-kinds";
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
      chart(
        "Due, not started",
        "PENDING tasks due more than 1 s ago that no limit holds back: delayed tasks, retries and schedule ticks waiting for a consumer.",
        "short",
        [{ expr: "max(tasks_due_not_started)", legend: "due, not started" }],
      ),
      chart(
        "Lateness of due tasks",
        "How late the most overdue due PENDING task is (now − its run time). Alert DueTasksLate above 60 s for 1 minute.",
        "s",
        [{ expr: "max(tasks_oldest_pending_age_seconds)", legend: "most overdue" }],
      ),
      chart(
        "Expired",
        "Tasks not started within their ttlMs, ended CANCELED with the reason expired, per task type.",
        TASKS_PER_SECOND,
        [
          {
            expr: `sum by (task_type) (rate(tasks_processed_total{status="expired", ${BY_TYPE}}[$__rate_interval]))`,
            legend: "{{task_type}}",
          },
        ],
      ),
      chart(
        "Waiting on limits by type",
        "PENDING tasks held back by their type's concurrency or rate limit (waiting_on), from the database. They spend no attempt while held.",
        "short",
        [
          {
            expr: `max by (type, limit) (tasks_waiting_on_limits{${LIMIT_BY_TYPE}}) or vector(0)`,
            legend: "{{type}} {{limit}}",
          },
        ],
      ),
      chart(
        "Limit decisions",
        "Slots and tokens asked of Redis before a claim: acquired (claimed), held (waits, no attempt spent), unavailable (Redis down: limited types wait, fail closed).",
        "suffix: decisions/s",
        [
          {
            expr: `sum by (type, limit, outcome) (rate(task_limit_decisions_total{${LIMIT_BY_TYPE}}[$__rate_interval])) or vector(0)`,
            legend: "{{type}} {{limit}} {{outcome}}",
          },
        ],
      ),
      chart(
        "Schedule ticks",
        "Tasks made by cron schedules, and ticks skipped while no worker ran (each downtime makes one catch-up task). Alert ScheduleTicksMissed.",
        "suffix: ticks/min",
        [
          { expr: "60 * sum(rate(schedule_ticks_total[$__rate_interval]))", legend: "ticks" },
          { expr: "60 * sum(rate(schedule_ticks_missed_total[$__rate_interval]))", legend: "missed" },
        ],
      ),
    ],
  },
];
