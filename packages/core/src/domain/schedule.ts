import { Cron } from "croner";
import { z } from "zod";
import type { FieldIssue } from "./errors";
import { createInput } from "./task";
import type { TaskStatus } from "./task-state";
import { inputOf, type JsonValue, taskTypeSchema } from "./task-type";

/**
 * Cron schedules: each tick of `cron` (5 fields, or 6 with seconds first) in `timezone` makes one
 * task of `type` with `input`. Next runs are computed with croner (pure computation, no timers).
 */
export const MAX_CRON_LENGTH = 200;
/** Next runs a schedule shows, and last tasks. */
export const SCHEDULE_NEXT_RUNS = 5;
export const SCHEDULE_LAST_TASKS = 5;
export const MAX_SCHEDULES = 1_000;
/** Missed ticks counted one by one at most (about 70 µs each): a longer downtime counts this many. */
export const MAX_COUNTED_MISSED_TICKS = 1_000;

/** The cron pattern parsed (throws croner's error naming what is wrong). */
function cronOf(cron: string, timezone: string): Cron {
  return new Cron(cron, { timezone, paused: true, mode: "5-or-6-parts" });
}

/** True when `name` is an IANA time zone this runtime knows (e.g. `Europe/Paris`, `UTC`). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Why `cron` is not a valid pattern (5 fields, or 6 with seconds), or null when it is. */
export function cronProblem(cron: string): string | null {
  try {
    cronOf(cron, "UTC");
    return null;
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    return text.replace(/^CronPattern: /, "");
  }
}

/** The first `count` ticks strictly after `after`, in `timezone`. */
export function nextRuns(cron: string, timezone: string, after: Date, count = SCHEDULE_NEXT_RUNS): Date[] {
  return cronOf(cron, timezone).nextRuns(count, after);
}

/** The first tick strictly after `after`, or null when the pattern has none left. */
export function nextRunAfter(cron: string, timezone: string, after: Date): Date | null {
  return cronOf(cron, timezone).nextRun(after);
}

/**
 * A due schedule's tick at `now`: the next tick to make after it (first tick after now) and how
 * many ticks between `due` (the tick being made, exclusive) and now were skipped (downtime): one
 * catch-up task stands for all of them. Counting stops at MAX_COUNTED_MISSED_TICKS.
 */
export function tickAt(
  cron: string,
  timezone: string,
  due: Date,
  now: Date,
): { next: Date | null; missed: number } {
  const pattern = cronOf(cron, timezone);
  let missed = 0;
  let at = pattern.nextRun(due);
  while (at && at.getTime() <= now.getTime() && missed < MAX_COUNTED_MISSED_TICKS) {
    missed += 1;
    at = pattern.nextRun(at);
  }
  if (at && at.getTime() <= now.getTime()) at = pattern.nextRun(now);
  return { next: at, missed };
}

export const cronSchema = z
  .string({ error: "cron must be a string" })
  .trim()
  .min(1, "cron must not be empty")
  .max(MAX_CRON_LENGTH, `cron must be at most ${MAX_CRON_LENGTH} characters`)
  .superRefine((cron, ctx) => {
    const problem = cronProblem(cron);
    if (problem)
      ctx.addIssue({
        code: "custom",
        message: `cron is not a valid pattern (5 fields, or 6 with seconds first): ${problem}`,
      });
  });

export const timezoneSchema = z
  .string({ error: "timezone must be a string" })
  .max(64, "timezone must be at most 64 characters")
  .refine(isTimeZone, "timezone must be an IANA time zone name, e.g. UTC or Europe/Paris");

export const schedulePrioritySchema = z
  .number({ error: "priority must be a number" })
  .int("priority must be an integer")
  .min(0, "priority must be 0-9")
  .max(9, "priority must be 0-9");

export const scheduleIdSchema = z.uuid({ error: "id must be a schedule id (UUID)" });

/** Why the task a tick makes would fail tasks.create's own checks (input size, NUL characters). */
export function scheduledTaskIssues(type: string, input: unknown): FieldIssue[] {
  const result = createInput.safeParse({ type, input });
  return (result.error?.issues ?? []).map((i) => ({ path: i.path.join(".") || "input", message: i.message }));
}

function checkTaskOf(value: { type: string; input: unknown }, ctx: z.RefinementCtx) {
  if (value.input === undefined) return;
  for (const issue of scheduledTaskIssues(value.type, value.input))
    ctx.addIssue({ code: "custom", path: [issue.path], message: issue.message });
}

export const createScheduleInput = z
  .strictObject({
    type: taskTypeSchema,
    input: z.unknown().refine((v) => v !== undefined, "input is required"),
    cron: cronSchema,
    timezone: timezoneSchema.default("UTC"),
    enabled: z.boolean().default(true),
    priority: schedulePrioritySchema.default(0),
  })
  .superRefine(checkTaskOf);
export type CreateScheduleInput = z.output<typeof createScheduleInput>;

export const updateScheduleInput = z
  .strictObject({
    id: scheduleIdSchema,
    enabled: z.boolean().optional(),
    cron: cronSchema.optional(),
    input: z.unknown().optional(),
    timezone: timezoneSchema.optional(),
    priority: schedulePrioritySchema.optional(),
  })
  .refine((value) => Object.keys(value).length > 1, "give at least one field to change");
export type UpdateScheduleInput = z.output<typeof updateScheduleInput>;

export const scheduleIdInput = z.strictObject({ id: scheduleIdSchema });

export const previewScheduleInput = z.strictObject({
  cron: cronSchema,
  timezone: timezoneSchema.default("UTC"),
});

/** A schedule as the API returns it. */
export interface Schedule {
  id: string;
  type: string;
  input: JsonValue;
  cron: string;
  timezone: string;
  enabled: boolean;
  priority: number;
  /** The next ticks (SCHEDULE_NEXT_RUNS), [] when disabled. */
  nextRuns: string[];
  lastRunAt: string | null;
  /** Ticks skipped in downtimes (each downtime made one catch-up task instead). */
  ticksMissed: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  /** The newest tasks its ticks made (SCHEDULE_LAST_TASKS), newest first. */
  lastTasks: { id: number; status: TaskStatus; createdAt: string }[];
}

/** A schedule as stored (the store's rows): its input as stored text; `toSchedule` adds the next runs. */
export interface ScheduleRecord extends Omit<Schedule, "input" | "nextRuns"> {
  /** The input as stored (see inputText). */
  payload: string;
  /** The next tick to make; null while disabled. */
  nextRunAt: string | null;
}

/** The API's view of a stored schedule, with its next runs after `now`. */
export function toSchedule(
  { payload, nextRunAt: _next, ...record }: ScheduleRecord,
  now = new Date(),
): Schedule {
  return {
    ...record,
    input: inputOf(record.type, payload),
    nextRuns: record.enabled ? nextRuns(record.cron, record.timezone, now).map((d) => d.toISOString()) : [],
  };
}
