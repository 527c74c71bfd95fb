import { SCHEDULE_LAST_TASKS, SCHEDULE_NEXT_RUNS, TASK_STATUSES } from "@tps/core";
import { type JsonSchema, ref } from "./openapi-schemas";

const time = { type: "string", format: "date-time" };
const nullableTime = { type: ["string", "null"], format: "date-time" };

/** A schedule as every schedule endpoint returns it (packages/core's `Schedule`). */
export const scheduleSchema: JsonSchema = {
  type: "object",
  required: [
    "id",
    "type",
    "input",
    "cron",
    "timezone",
    "enabled",
    "priority",
    "nextRuns",
    "lastRunAt",
    "ticksMissed",
    "createdBy",
    "createdAt",
    "updatedAt",
    "lastTasks",
  ],
  properties: {
    id: { type: "string", format: "uuid" },
    type: { type: "string", description: "The task type each tick creates." },
    input: { description: "The input of each tick's task (any JSON; a string for `sleep`)." },
    cron: { type: "string", description: "5 fields, or 6 with seconds first (croner syntax)." },
    timezone: { type: "string", description: "IANA time zone the pattern is read in." },
    enabled: { type: "boolean" },
    priority: { type: "integer", minimum: 0, maximum: 9 },
    nextRuns: {
      type: "array",
      items: time,
      maxItems: SCHEDULE_NEXT_RUNS,
      description: "The next ticks; empty while disabled.",
    },
    lastRunAt: nullableTime,
    ticksMissed: {
      type: "integer",
      minimum: 0,
      description: "Ticks skipped in downtimes: each downtime made one catch-up task instead.",
    },
    createdBy: { type: ["string", "null"] },
    createdAt: time,
    updatedAt: time,
    lastTasks: {
      type: "array",
      maxItems: SCHEDULE_LAST_TASKS,
      description: "The newest tasks its ticks made, newest first.",
      items: {
        type: "object",
        required: ["id", "status", "createdAt"],
        properties: {
          id: { type: "integer", minimum: 1 },
          status: { type: "string", enum: [...TASK_STATUSES] },
          createdAt: time,
        },
      },
    },
  },
};

/** The schedule components: one schedule, and the list `GET /schedules` answers. */
export const SCHEDULE_SCHEMAS: Record<string, JsonSchema> = {
  Schedule: scheduleSchema,
  ScheduleList: {
    type: "object",
    required: ["items"],
    properties: { items: { type: "array", items: ref("Schedule") } },
  },
};
