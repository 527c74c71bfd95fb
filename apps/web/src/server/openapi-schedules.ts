import {
  createScheduleInput,
  SCHEDULE_LAST_TASKS,
  SCHEDULE_NEXT_RUNS,
  TASK_STATUSES,
  updateScheduleInput,
} from "@tps/core";
import { inputSchema, type JsonSchema, ref } from "./openapi-schemas";

const time = { type: "string", format: "date-time" };
const nullableTime = { type: ["string", "null"], format: "date-time" };
const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: ref("Error") } },
});

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

/** `PATCH /schedules/{id}`: the update procedure's fields but the id (it is in the path). */
function updateBody(): JsonSchema {
  const {
    properties,
    required: _r,
    ...rest
  } = inputSchema(updateScheduleInput) as {
    properties: Record<string, JsonSchema>;
    required?: string[];
  };
  const { id: _id, ...fields } = properties;
  return { ...rest, properties: fields, minProperties: 1 };
}

/** What the document adds for the schedule endpoints: components, bodies, answers, summaries. */
export const SCHEDULE_OPENAPI = {
  schemas: {
    Schedule: scheduleSchema,
    ScheduleList: {
      type: "object",
      required: ["items"],
      properties: { items: { type: "array", items: ref("Schedule") } },
    },
    CreateSchedule: inputSchema(createScheduleInput),
    UpdateSchedule: updateBody(),
  } as Record<string, JsonSchema>,
  bodies: {
    "schedules.create": ref("CreateSchedule"),
    "schedules.update": ref("UpdateSchedule"),
  } as Record<string, JsonSchema>,
  success: {
    "schedules.create": {
      type: "object",
      required: ["id"],
      properties: { id: { type: "string", format: "uuid" } },
    },
    "schedules.list": ref("ScheduleList"),
    "schedules.get": ref("Schedule"),
    "schedules.update": ref("Schedule"),
    "schedules.delete": {
      type: "object",
      required: ["deleted"],
      properties: { deleted: { type: "boolean", description: "False when there was no such schedule." } },
    },
  } as Record<string, JsonSchema>,
  summary: {
    "schedules.create": "Create a cron schedule: each tick creates one task of its type and input",
    "schedules.list": "List the cron schedules with their next runs and last tasks",
    "schedules.get": "Get one cron schedule",
    "schedules.update": "Change a schedule (enable or disable it, its cron, timezone, input or priority)",
    "schedules.delete": "Delete a schedule (the tasks it made stay)",
  } as Record<string, string>,
  errors: {
    "schedules.create": {
      "400": errorResponse(
        "Invalid body: a cron that is not 5 or 6 fields, an unknown timezone, an unknown type, or an input its type's schema refuses (`issues` names the fields).",
      ),
    },
    "schedules.get": { "400": errorResponse("Invalid id."), "404": errorResponse("No such schedule.") },
    "schedules.update": {
      "400": errorResponse("Invalid id or body."),
      "404": errorResponse("No such schedule."),
    },
    "schedules.delete": { "400": errorResponse("Invalid id.") },
  } as Record<string, Record<string, ReturnType<typeof errorResponse>>>,
  idParameter: { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } },
};

/** The operation of a schedule endpoint (their ids are UUIDs, their bodies their own). */
export function scheduleOperation(route: { procedure: string; path: string; status: number }) {
  const body = SCHEDULE_OPENAPI.bodies[route.procedure];
  return {
    operationId: route.procedure.replace(".", "_"),
    summary: SCHEDULE_OPENAPI.summary[route.procedure],
    tags: ["schedules"],
    ...(route.path.includes("{id}") ? { parameters: [SCHEDULE_OPENAPI.idParameter] } : {}),
    ...(body ? { requestBody: { required: true, content: { "application/json": { schema: body } } } } : {}),
    responses: {
      [String(route.status)]: {
        description: route.status === 201 ? "Created" : "OK",
        content: { "application/json": { schema: SCHEDULE_OPENAPI.success[route.procedure] } },
      },
      ...SCHEDULE_OPENAPI.errors[route.procedure],
      "401": errorResponse("Missing or invalid API key."),
      "403": errorResponse("The key's role may not do this (writes need the operator role)."),
      "503": errorResponse("A dependency (database) is unavailable; try again shortly."),
    },
  };
}
