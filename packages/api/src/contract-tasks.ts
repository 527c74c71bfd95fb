import { INVALID_ID, NO_SUCH_TASK, type ProcedureContract } from "./contract-types";

const INVALID_IDS = "Invalid body: `ids` empty, over 1,000 ids, or one that is not a task id.";

/** The contract of the task procedures (contract.ts joins the areas into one table). */
export const TASKS_CONTRACT = {
  "tasks.get": {
    role: "viewer",
    limit: "calls",
    rest: {
      method: "GET",
      path: "/tasks/{id}",
      status: 200,
      summary: "Get one task",
      tag: "tasks",
      response: "Task",
      errors: { "400": INVALID_ID, "404": NO_SUCH_TASK },
    },
  },
  "tasks.events": {
    role: "viewer",
    limit: "calls",
    rest: {
      method: "GET",
      path: "/tasks/{id}/events",
      status: 200,
      summary: "A task's timeline, oldest step first: created, published, each attempt, operator actions",
      tag: "tasks",
      response: "TimelineEntry[]",
      errors: { "400": INVALID_ID, "404": NO_SUCH_TASK },
    },
  },
  "tasks.list": {
    role: "viewer",
    limit: "calls",
    rest: {
      method: "GET",
      path: "/tasks",
      status: 200,
      summary: "List tasks, newest first (or most recently finished), one page at a time",
      tag: "tasks",
      response: "TaskPage",
      errors: { "400": "Invalid filter, sort, cursor or limit." },
    },
  },
  "tasks.stats": {
    role: "viewer",
    limit: "calls",
    rest: {
      method: "GET",
      path: "/tasks/stats",
      status: 200,
      summary: "Count tasks per status, of all tasks or of those the filter matches",
      tag: "tasks",
      response: "TaskCounts",
      errors: { "400": "Invalid filter." },
    },
  },
  "tasks.onChange": { role: "viewer", limit: "calls" },
  // Creates: a call costs one point; a createMany one point per 100 tasks it carries (started).
  "tasks.create": {
    role: "operator",
    limit: "creates",
    rest: {
      method: "POST",
      path: "/tasks",
      status: 201,
      summary: "Create a task (stored PENDING and queued)",
      tag: "tasks",
      response: "Task",
      errors: {
        "400":
          "Invalid body (a payload that is not a string or over 64 KiB, an input its type's schema refuses, an unknown type; `issues` names the fields), or an invalid `Idempotency-Key` header, or one that differs from the body's `idempotencyKey`.",
        "409":
          "The idempotency key was used within the last 24 h for a create of another type or input; the message names the key and which differs.",
      },
    },
  },
  "tasks.createMany": {
    role: "operator",
    limit: "creates",
    rest: {
      method: "POST",
      path: "/tasks/batch",
      status: 201,
      batchBody: true,
      summary:
        "Create many tasks in one call: `payloads` (type sleep) or `items` (each as POST /tasks), in their order",
      tag: "tasks",
      response: "TaskBatch",
      errors: {
        "400":
          "Invalid body: neither or both of `payloads` and `items`, none or over 10,000 of them, over 16 MiB in all, or an item a single create would refuse (`issues` names it).",
        "409":
          "An item's idempotency key was used within the last 24 h for a create of another type or input: the whole call is refused, naming the item.",
      },
    },
  },
  "tasks.cancel": {
    role: "operator",
    limit: "calls",
    rest: {
      method: "POST",
      path: "/tasks/{id}/cancel",
      status: 200,
      summary: "Cancel a PENDING or PROCESSING task (running work stops within a second)",
      tag: "tasks",
      response: "Task",
      errors: { "400": INVALID_ID, "404": NO_SUCH_TASK, "409": "The task is not PENDING or PROCESSING." },
    },
  },
  // Bulk actions: each call costs one point of the caller's (much lower) bulk limit.
  "tasks.cancelMany": {
    role: "operator",
    limit: "bulk",
    rest: {
      method: "POST",
      path: "/tasks/cancel",
      status: 200,
      summary: "Cancel those of up to 1,000 tasks that are PENDING or PROCESSING; the others are skipped",
      tag: "tasks",
      response: "BulkByIdsResult",
      errors: { "400": INVALID_IDS },
    },
  },
  "tasks.retry": {
    role: "operator",
    limit: "calls",
    rest: {
      method: "POST",
      path: "/tasks/{id}/retry",
      status: 200,
      summary: "Retry a FAILED task with a fresh set of attempts",
      tag: "tasks",
      response: "Task",
      errors: { "400": INVALID_ID, "404": NO_SUCH_TASK, "409": "The task is not FAILED." },
    },
  },
  "tasks.retryNow": {
    role: "operator",
    limit: "calls",
    rest: {
      method: "POST",
      path: "/tasks/{id}/retry-now",
      status: 200,
      summary: "Skip the rest of a PENDING task's backoff: its next attempt starts now",
      tag: "tasks",
      response: "Task",
      errors: {
        "400": INVALID_ID,
        "404": NO_SUCH_TASK,
        "409": "The task is not PENDING and waiting for its next attempt.",
      },
    },
  },
  "tasks.retryMany": {
    role: "operator",
    limit: "bulk",
    rest: {
      method: "POST",
      path: "/tasks/retry",
      status: 200,
      summary: "Retry those of up to 1,000 tasks that are FAILED; the others are skipped",
      tag: "tasks",
      response: "BulkByIdsResult",
      errors: { "400": INVALID_IDS },
    },
  },
  "tasks.cancelMatching": { role: "admin", limit: "bulk" },
  "tasks.retryMatching": { role: "admin", limit: "bulk" },
  "tasks.delete": { role: "admin", limit: "bulk" },
  "tasks.deleteMatching": { role: "admin", limit: "bulk" },
  "taskTypes.list": {
    role: "viewer",
    limit: "calls",
    rest: {
      method: "GET",
      path: "/task-types",
      status: 200,
      summary: "List the registered task types: schemas, workers online, counts per status, durations",
      tag: "task-types",
      response: "TaskTypeInfo[]",
      errors: {},
    },
  },
} as const satisfies Record<string, ProcedureContract>;
