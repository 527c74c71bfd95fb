import { INVALID_ID, type ProcedureContract } from "./contract-types";

const INVALID_SELECTION =
  "Invalid body: give `keys` (1 to 500 keys from GET /dead-letters) or `all: true`, not both.";

/** The contract of every procedure but the task ones (contract-tasks.ts). */
export const AREAS_CONTRACT = {
  "session.me": { role: "viewer", limit: "calls" },
  "dashboard.overview": { role: "viewer", limit: "calls" },
  "processing.status": { role: "viewer", limit: "calls" },
  "processing.pause": { role: "admin", limit: "calls" },
  "processing.resume": { role: "admin", limit: "calls" },
  // Identity administration needs a signed-in admin, not an API key: a key that could mint keys or
  // users would leave a leaked key's heirs behind after its revocation.
  "users.create": { role: "admin", limit: "calls", sessionOnly: true },
  "users.list": { role: "admin", limit: "calls" },
  "users.update": { role: "admin", limit: "calls", sessionOnly: true },
  "apiKeys.create": { role: "admin", limit: "calls", sessionOnly: true },
  "apiKeys.list": { role: "admin", limit: "calls" },
  "apiKeys.revoke": { role: "admin", limit: "calls", sessionOnly: true },
  "audit.list": { role: "admin", limit: "calls" },
  // Viewers read task payloads already, and a listing is bounded and leaves every message in place.
  "deadLetters.list": {
    role: "viewer",
    limit: "calls",
    rest: {
      method: "GET",
      path: "/dead-letters",
      status: 200,
      summary: "The head of the dead-letter queue (up to `limit` messages, left in place) and its depth",
      tag: "dead-letters",
      response: "DeadLetterPage",
      errors: { "400": "Invalid limit (1 to 1,000)." },
    },
  },
  // Redrive feeds messages the consumer refused back to it; purge destroys them: admin only.
  "deadLetters.redrive": {
    role: "admin",
    limit: "calls",
    rest: {
      method: "POST",
      path: "/dead-letters/redrive",
      status: 200,
      summary: "Publish dead letters back to the work queue (those of finished tasks are dropped instead)",
      tag: "dead-letters",
      response: "RedriveResult",
      errors: { "400": INVALID_SELECTION },
    },
  },
  "deadLetters.purge": {
    role: "admin",
    limit: "calls",
    rest: {
      method: "POST",
      path: "/dead-letters/purge",
      status: 200,
      summary: "Remove dead letters for good",
      tag: "dead-letters",
      response: "PurgeResult",
      errors: { "400": INVALID_SELECTION },
    },
  },
  // Cron schedules: reading them (and previewing a pattern) is a viewer's; making tasks on a clock is an operator's.
  "schedules.list": {
    role: "viewer",
    limit: "calls",
    rest: {
      method: "GET",
      path: "/schedules",
      status: 200,
      summary: "List the cron schedules with their next runs and last tasks",
      tag: "schedules",
      response: "ScheduleList",
      errors: {},
    },
  },
  "schedules.get": {
    role: "viewer",
    limit: "calls",
    rest: {
      method: "GET",
      path: "/schedules/{id}",
      status: 200,
      summary: "Get one cron schedule",
      tag: "schedules",
      response: "Schedule",
      errors: { "400": INVALID_ID, "404": "No such schedule." },
    },
  },
  "schedules.preview": { role: "viewer", limit: "calls" },
  "schedules.create": {
    role: "operator",
    limit: "calls",
    rest: {
      method: "POST",
      path: "/schedules",
      status: 201,
      summary: "Create a cron schedule: each tick creates one task of its type and input",
      tag: "schedules",
      response: "ScheduleCreated",
      errors: {
        "400":
          "Invalid body: a cron that is not 5 or 6 fields, an unknown timezone, an unknown type, or an input its type's schema refuses (`issues` names the fields).",
      },
    },
  },
  "schedules.update": {
    role: "operator",
    limit: "calls",
    rest: {
      method: "PATCH",
      path: "/schedules/{id}",
      status: 200,
      summary: "Change a schedule (enable or disable it, its cron, timezone, input or priority)",
      tag: "schedules",
      response: "Schedule",
      errors: { "400": "Invalid id or body.", "404": "No such schedule." },
    },
  },
  "schedules.delete": {
    role: "operator",
    limit: "calls",
    rest: {
      method: "DELETE",
      path: "/schedules/{id}",
      status: 200,
      summary: "Delete a schedule (the tasks it made stay)",
      tag: "schedules",
      response: "ScheduleDeleted",
      errors: { "400": INVALID_ID },
    },
  },
} as const satisfies Record<string, ProcedureContract>;
