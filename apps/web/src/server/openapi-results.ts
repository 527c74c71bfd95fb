import { MAX_DEAD_LETTER_BODY } from "@tps/core";
import { type JsonSchema, ref } from "./openapi-schemas";

const count = { type: "integer", minimum: 0 };
const nullableTime = { type: ["string", "null"], format: "date-time" };
const object = (properties: Record<string, JsonSchema>, about?: string): JsonSchema => ({
  type: "object",
  ...(about ? { description: about } : {}),
  required: Object.keys(properties),
  properties,
});

/**
 * What the REST operations answer besides a task and what is made of tasks (TASK_SCHEMAS), a task
 * type and a schedule (packages/core's types of the same names), each once, as components the
 * contract's `response` names.
 */
export const RESULT_SCHEMAS: Record<string, JsonSchema> = {
  TaskBatch: object({
    items: {
      type: "array",
      description:
        "The tasks in the order given; a replayed idempotency key's first task has `replayed: true`.",
      items: { allOf: [ref("Task")], properties: { replayed: { const: true } } },
    },
  }),
  BulkByIdsResult: object({
    changed: { ...count, description: "Tasks the action changed." },
    skipped: { ...count, description: "Ids not in a state that allows it, or not found." },
  }),
  DeadLetter: object({
    key: { type: "string", description: "Names the message in a redrive or purge while it stays dead." },
    body: { type: "string", maxLength: MAX_DEAD_LETTER_BODY, description: "The body as text, cut." },
    bodyBytes: count,
    taskId: { type: ["integer", "null"], minimum: 1 },
    reason: { type: ["string", "null"], description: "rejected, delivery_limit, expired or maxlen." },
    deathCount: count,
    firstDeathAt: nullableTime,
    lastDeathAt: nullableTime,
  }),
  DeadLetterPage: object({
    items: { type: "array", items: ref("DeadLetter") },
    depth: { type: ["integer", "null"], minimum: 0, description: "Messages in the queue; null: unknown." },
  }),
  RedriveResult: object({
    redriven: { ...count, description: "Published back to the work queue." },
    dropped: { ...count, description: "Removed instead: their task is already finished." },
    missing: { ...count, description: "Selected keys no longer in the queue." },
  }),
  PurgeResult: object({ purged: count, missing: count }),
  ScheduleCreated: object({ id: { type: "string", format: "uuid" } }),
  ScheduleDeleted: object({
    deleted: { type: "boolean", description: "False when there was no such schedule." },
  }),
};
