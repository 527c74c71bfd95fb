import { z } from "zod";
import { instant } from "./instant";
import { type RunOptions, runOptionIssues, runOptionsShape, runTimesOf } from "./run-options";
import { MAX_TASK_ID } from "./task-id";
import { TASK_STATUSES, type TaskStatus } from "./task-state";
import { inputText, type JsonValue, SLEEP_TYPE, type TaskProgress, taskTypeSchema } from "./task-type";
import { storableText } from "./text";

/**
 * A task as the API returns it. Timestamps are ISO-8601 strings so any JSON client can read them.
 * Its zod schema (with the page, counts and timeline entry below) is in task-schema.ts, kept equal.
 */
export interface Task {
  id: number;
  /** The task type (see task-type.ts); `sleep` for the built-in simulated work. */
  type: string;
  /** The input as the caller gave it (JSON). */
  input: JsonValue;
  /** The input as stored: for `sleep` the payload string, for other types the input's JSON text. */
  payload: string;
  status: TaskStatus;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  createdAt: string;
  publishedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  canceledAt: string | null;
  updatedAt: string;
  /**
   * PENDING only: the earliest time its next attempt may start (after a failed attempt, the end of
   * the backoff; otherwise when it was queued). Null in every other status.
   */
  nextAttemptAt: string | null;
  /** What the work returned, as JSON; null until COMPLETED (and for work that returns nothing). */
  output: JsonValue;
  /** The work's last reported progress, or null when it reported none. */
  progress: TaskProgress | null;
  /** 0-9, higher starts first. */
  priority: number;
  /** Not started by then, it ends CANCELED as expired (`ttlMs`); null without a time to live. */
  expiresAt: string | null;
  /** The cron schedule whose tick made it, or null. */
  scheduleId: string | null;
  /** PENDING and held back by a limit of its type (concurrency or rate), else null. */
  waitingOn: "concurrency" | "rate" | null;
  /** CANCELED because it was not started within its time to live (`lastError` "expired"). */
  expired: boolean;
}

export type TaskCounts = Record<TaskStatus, number>;

export interface TaskPage {
  items: Task[];
  /** Opaque; pass it back as `cursor` for the next page. Null on the last page. */
  nextCursor: string | null;
}

/** One step in a task's timeline. */
export interface TimelineEntry {
  type: TimelineType;
  at: string;
  attempt: number | null;
  consumer: string | null;
  detail: string | null;
  /** Who caused the step (a user's email or an API key's name), for operator actions. */
  actor: string | null;
}

export const TIMELINE_TYPES = [
  "created",
  "published",
  "started",
  "completed",
  "backoff",
  "failed",
  "released",
  "lease_expired",
  "canceled",
  "retried",
  "expired",
] as const;
export type TimelineType = (typeof TIMELINE_TYPES)[number];

/** The timeline detail of an operator's "retry now" (a `retried` step that kept the attempts). */
export const RETRY_NOW_DETAIL = "retry now: backoff skipped";

/** The error a task gets when its last attempt's consumer stopped renewing the lease. */
export const LEASE_LAPSED_ERROR = "lease expired: the consumer processing it stopped responding";

export const MAX_PAYLOAD_BYTES = 64 * 1024;
export const MAX_BATCH_PAYLOADS = 10_000;
export const MAX_BATCH_BYTES = 16 * 1024 * 1024;
export const MAX_PAGE_SIZE = 100;

const encoder = new TextEncoder();
export const byteLength = (s: string): number => encoder.encode(s).length;

export const payloadSchema = storableText("payload").refine((s) => byteLength(s) <= MAX_PAYLOAD_BYTES, {
  message: `payload must be at most ${MAX_PAYLOAD_BYTES} bytes (64 KiB)`,
});

export const taskStatusSchema = z.enum(TASK_STATUSES);
export const taskIdSchema = z.number().int().positive().max(MAX_TASK_ID);

export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/**
 * Names a create within its caller's keys for 24 h (IDEMPOTENCY_WINDOW_MS): the same key with the same
 * type and input returns the same task, never a duplicate (safe to retry); with another, 409.
 */
export const idempotencyKeySchema = storableText("idempotencyKey")
  .min(1, "idempotencyKey must not be empty")
  .max(MAX_IDEMPOTENCY_KEY_LENGTH, `idempotencyKey must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`);

/** Any JSON value (a request body is JSON already; JSON Schema `{}` in the OpenAPI document). */
const jsonValue = z.unknown();

/**
 * One task to create: `{ type, input }`, or `{ payload }` (the seed's form, type `sleep`), each
 * with an optional idempotency key. The input's stored text (see inputText) is capped like a payload.
 */
export const createInput = z
  .object({
    type: taskTypeSchema.optional(),
    input: jsonValue.optional(),
    payload: payloadSchema.optional(),
    idempotencyKey: idempotencyKeySchema.optional(),
    ...runOptionsShape,
  })
  .strict()
  .superRefine((item, ctx) => {
    for (const issue of runOptionIssues(item)) ctx.addIssue({ code: "custom", ...issue });
    if ((item.payload === undefined) === (item.input === undefined)) {
      ctx.addIssue({ code: "custom", message: "give either input (with type) or payload" });
    } else if (item.input !== undefined && item.type === undefined) {
      ctx.addIssue({ code: "custom", path: ["type"], message: "type is required with input" });
    } else if (item.payload !== undefined && item.type !== undefined && item.type !== SLEEP_TYPE) {
      ctx.addIssue({
        code: "custom",
        path: ["payload"],
        message: `payload is the input of type ${SLEEP_TYPE} only: give input`,
      });
    } else if (item.input !== undefined) {
      const text = inputText(item.type ?? SLEEP_TYPE, item.input);
      if (text.includes("\u0000"))
        ctx.addIssue({
          code: "custom",
          path: ["input"],
          message: "input must not contain NUL characters (U+0000)",
        });
      else if (byteLength(text) > MAX_PAYLOAD_BYTES)
        ctx.addIssue({
          code: "custom",
          path: ["input"],
          message: `input must be at most ${MAX_PAYLOAD_BYTES} bytes (64 KiB) as JSON`,
        });
    }
  });
export type CreateItem = z.output<typeof createInput>;

/** A task to insert: its type (default `sleep`), its stored input text, attempts and key. */
export interface NewTask {
  type?: string;
  payload: string;
  /** From the type's registration (its retry policy); 3 when not given. */
  maxAttempts?: number;
  idempotencyKey?: string;
  /** Whose key it is (the caller: `user:<id>` or `key:<id>`); required with a key. See idempotency.ts. */
  idempotencyScope?: string;
  /** Its run time (ISO) when later than the insert: it is stored unpublished, for the reconcilers to send. */
  availableAt?: string;
  /** Not started by then, it expires (ISO). */
  expiresAt?: string;
  /** 0-9, default 0. */
  priority?: number;
  /** The schedule whose tick makes it. */
  scheduleId?: string;
}

/** The type, stored text and run options of a create item (validated by createInput); `now`: the create. */
export const newTaskOf = (item: CreateItem, now: number = Date.now()): NewTask => {
  const type = item.type ?? SLEEP_TYPE;
  const payload = item.payload ?? inputText(type, item.input);
  return {
    type,
    payload,
    ...(item.idempotencyKey === undefined ? {} : { idempotencyKey: item.idempotencyKey }),
    ...runTimesOf(item as RunOptions, now),
    ...(item.priority ? { priority: item.priority } : {}),
  };
};

const batchOf = <T>(schema: z.ZodType<T>, name: string, bytes: (item: T) => number) =>
  z
    .array(schema)
    .min(1, `${name} must hold at least one payload`)
    .max(MAX_BATCH_PAYLOADS, `${name} may hold at most ${MAX_BATCH_PAYLOADS} payloads per call`)
    .refine((items) => items.reduce((sum, item) => sum + bytes(item), 0) <= MAX_BATCH_BYTES, {
      message: `${name} may total at most ${MAX_BATCH_BYTES} bytes (16 MiB) per call`,
    });

const itemBytes = (item: CreateItem) =>
  byteLength(item.payload ?? inputText(item.type ?? SLEEP_TYPE, item.input));

/** Either `payloads` (plain strings, type `sleep`) or `items` (each as createInput). */
export const createManyInput = z
  .object({
    payloads: batchOf(payloadSchema, "payloads", byteLength).optional(),
    items: batchOf(createInput, "items", itemBytes).optional(),
  })
  .strict()
  .refine((input) => (input.payloads === undefined) !== (input.items === undefined), {
    message: "give either payloads or items",
  });

export const idInput = z.strictObject({ id: taskIdSchema });

export const TASK_SORTS = ["created", "finished"] as const;
export type TaskSort = (typeof TASK_SORTS)[number];

/** Which tasks a list, count or bulk action applies to. All parts are optional and combine with AND. */
export const taskFilterSchema = z
  .strictObject({
    status: taskStatusSchema.optional(),
    type: taskTypeSchema.optional(),
    /** `123` or `#123` also matches the task with that id; any text matches payloads containing it. */
    search: storableText("search").trim().max(200, "search must be at most 200 characters").optional(),
    createdFrom: instant("createdFrom").optional(),
    createdTo: instant("createdTo").optional(),
  })
  .refine((f) => !f.createdFrom || !f.createdTo || Date.parse(f.createdFrom) <= Date.parse(f.createdTo), {
    message: "createdFrom must not be after createdTo",
  });
/**
 * Spelled out rather than `z.output<…>` so declarations that mention it (the typed client's bundled
 * .d.ts) do not need zod; the check below keeps it equal to what the schema produces.
 */
export interface TaskFilter {
  status?: TaskStatus;
  type?: string;
  search?: string;
  createdFrom?: string;
  createdTo?: string;
}
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const filterMatchesSchema: Same<TaskFilter, z.output<typeof taskFilterSchema>> = true;
void filterMatchesSchema;

export const listInput = z.strictObject({
  filter: taskFilterSchema.default({}),
  /** `created`: newest first. `finished`: most recently finished first (finished tasks only). */
  sort: z.enum(TASK_SORTS).default("created"),
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
  /** Sent by tRPC's infinite queries with every page; pages only go forward, so it changes nothing. */
  direction: z.enum(["forward", "backward"]).optional(),
});
export type ListQuery = z.output<typeof listInput>;

export const MAX_BULK_IDS = 1_000;
export const MAX_BULK_CHUNK = 5_000;

export const idsInput = z.strictObject({
  ids: z
    .array(taskIdSchema)
    .min(1, "ids must hold at least one id")
    .max(MAX_BULK_IDS, `ids may hold at most ${MAX_BULK_IDS} ids per call`),
});

/**
 * One chunk of a bulk action by filter; call again until `remaining` is 0 (idempotent).
 * `expectedCount` is what the caller confirmed (the preview's count, then the last `remaining`):
 * the call is refused when more tasks match than that, so a filter that grew is confirmed again.
 */
export const matchingInput = z.strictObject({
  filter: taskFilterSchema,
  chunk: z.number().int().min(1).max(MAX_BULK_CHUNK).default(1_000),
  expectedCount: z.number().int().min(0).max(2_147_483_647),
});

/** What a bulk action by ids did: how many tasks it changed, and how many were not in a state that allows it. */
export interface BulkByIdsResult {
  changed: number;
  skipped: number;
}

/** One chunk of a bulk action by filter: how many it changed, and how many matching tasks it has left. */
export interface BulkMatchingResult {
  changed: number;
  remaining: number;
}
