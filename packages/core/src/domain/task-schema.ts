import { z } from "zod";
import type { CreatedTask } from "./idempotency";
import { type Task, type TaskCounts, type TaskPage, TIMELINE_TYPES, type TimelineEntry } from "./task";
import { MAX_TASK_ID } from "./task-id";
import { TASK_STATUSES } from "./task-state";
import { type JsonValue, SLEEP_TYPE, TASK_TYPE_PATTERN, type TaskProgress } from "./task-type";

/*
 * The zod schemas of what the API answers: the OpenAPI document is generated from them and the tRPC
 * procedures check their answers with them. The types stay spelled out in task.ts, because the typed
 * client's bundled declarations must not need zod; each schema is typed as its interface and the
 * checks at the bottom keep the two exactly equal.
 */

const time = z.iso.datetime();
const nullableTime = time.nullable();
const count = z.int().min(0);
/** Any JSON; not walked, because the values come from the database's own JSON. */
const json = (description: string) => z.custom<JsonValue>().describe(description);

const progressSchema = z
  .object({ percent: z.number().min(0).max(100), message: z.string().nullable() })
  .nullable()
  .describe("The work's last reported progress (0-100 and an optional note); null when it reported none.");

const taskObject = z.object({
  id: z.int().min(1).max(MAX_TASK_ID),
  type: z
    .string()
    .regex(TASK_TYPE_PATTERN)
    .describe(`The task type; \`${SLEEP_TYPE}\` is the built-in simulated work.`),
  input: json(`The input as the caller gave it (any JSON); for type \`${SLEEP_TYPE}\` the payload string.`),
  payload: z
    .string()
    .describe(
      `The input as stored: for \`${SLEEP_TYPE}\` the payload, for other types the input's JSON text.`,
    ),
  status: z.enum(TASK_STATUSES),
  attempts: count,
  maxAttempts: z.int().min(1),
  lastError: z.string().nullable(),
  createdAt: time,
  publishedAt: nullableTime,
  startedAt: nullableTime,
  finishedAt: nullableTime,
  canceledAt: nullableTime,
  updatedAt: time,
  nextAttemptAt: nullableTime.describe(
    "PENDING only: when its next attempt may start (its run time when delayed, the end of a backoff). Null otherwise.",
  ),
  output: json("What the work returned (any JSON, see the type's output schema); null until COMPLETED."),
  progress: progressSchema,
  priority: z.int().min(0).max(9).describe("0-9: higher starts first."),
  expiresAt: nullableTime.describe(
    "Not started by then, it ends CANCELED with `expired: true` (its `ttlMs`). Null without one.",
  ),
  scheduleId: z.guid().nullable().describe("The schedule whose tick made it, or null."),
  waitingOn: z
    .enum(["concurrency", "rate"])
    .nullable()
    .describe("PENDING and held back by its type's concurrency or rate limit; null otherwise."),
  expired: z
    .boolean()
    .describe('CANCELED because it was not started within its ttlMs (lastError "expired").'),
});

/** A task as every procedure returns it. */
export const taskSchema: z.ZodType<Task, Task> = taskObject;

const createdTaskObject = taskObject.extend({
  replayed: z
    .literal(true)
    .optional()
    .describe("Present on a replay: an earlier create with the same idempotency key made this task."),
});
/** What a create returns: the task, marked `replayed` when its idempotency key replayed it. */
export const createdTaskSchema: z.ZodType<CreatedTask, CreatedTask> = createdTaskObject;

const taskPageObject = z.object({
  items: z.array(taskObject),
  nextCursor: z
    .string()
    .nullable()
    .describe("Opaque: pass it back as `cursor` for the next page. Null on the last."),
});
/** One page of a task list. */
export const taskPageSchema: z.ZodType<TaskPage, TaskPage> = taskPageObject;

const taskCountsObject = z.record(z.enum(TASK_STATUSES), count);
/** How many tasks are in each status. */
export const taskCountsSchema: z.ZodType<TaskCounts, TaskCounts> = taskCountsObject;

const timelineEntryObject = z.object({
  type: z.enum(TIMELINE_TYPES),
  at: time,
  attempt: z.int().nullable(),
  consumer: z.string().nullable().describe("The consumer that took the step, for attempts."),
  detail: z.string().nullable(),
  actor: z
    .string()
    .nullable()
    .describe("Who caused it (a user's email, an API key's name), for operator actions."),
});
/** One step in a task's timeline. */
export const timelineEntrySchema: z.ZodType<TimelineEntry, TimelineEntry> = timelineEntryObject;

// Exactly equal, not only assignable: a field added to an interface but not to its schema (or the
// other way round) fails the build here. The keys are compared too, because an extra optional field
// leaves two object types assignable both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Exact<A, B> = Same<A, B> extends true ? Same<keyof A, keyof B> : false;
const schemasMatchTypes: [
  Exact<Task, z.output<typeof taskObject>>,
  Exact<CreatedTask, z.output<typeof createdTaskObject>>,
  Exact<TaskPage, z.output<typeof taskPageObject>>,
  Exact<TaskCounts, z.output<typeof taskCountsObject>>,
  Exact<TimelineEntry, z.output<typeof timelineEntryObject>>,
  Exact<TaskProgress, NonNullable<z.output<typeof progressSchema>>>,
] = [true, true, true, true, true, true];
void schemasMatchTypes;
