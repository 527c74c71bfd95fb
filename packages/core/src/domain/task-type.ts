import { z } from "zod";

/**
 * Task types: a name a worker SDK definition declares, under which tasks are created, routed (one
 * queue per type) and counted. `sleep` is the built-in simulated work of the original design.
 */
export const TASK_TYPE_PATTERN = /^[a-z][a-z0-9._-]{0,63}$/;
export const SLEEP_TYPE = "sleep";

export const taskTypeSchema = z
  .string({ error: "type must be a string" })
  .regex(TASK_TYPE_PATTERN, "type must match /^[a-z][a-z0-9._-]{0,63}$/ (lower case, up to 64 characters)");

/**
 * How a task's input is stored in its `payload` column: for `sleep` the payload string itself (the
 * seed's tasks, searchable as they always were); for every other type the input's JSON text (so the
 * console's payload search also finds typed inputs).
 */
export function inputText(type: string, input: unknown): string {
  return type === SLEEP_TYPE && typeof input === "string" ? input : JSON.stringify(input ?? null);
}

/** The input stored as `payload` (see inputText); text that is not JSON is returned as it is. */
export function inputOf(type: string, payload: string): JsonValue {
  if (type === SLEEP_TYPE) return payload;
  try {
    return JSON.parse(payload) as JsonValue;
  } catch {
    return payload;
  }
}

/** A JSON value: what task inputs, outputs and schemas are. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** What a task's work last reported: 0–100 and an optional note. */
export interface TaskProgress {
  percent: number;
  message: string | null;
}

export const MAX_PROGRESS_MESSAGE = 500;

/** One problem with a task's input, as a JSON pointer into it and a message. */
export interface InputIssue {
  path: string;
  message: string;
}

/** A task type as workers registered it, with what the console shows about it. */
export interface TaskTypeInfo {
  type: string;
  /** JSON Schemas (draft 2020-12) of the input and, when declared, the output. */
  inputSchema: JsonValue;
  outputSchema: JsonValue;
  maxAttempts: number;
  timeoutMs: number | null;
  registeredAt: string;
  registeredBy: string | null;
  /** Worker processes serving this type now (heartbeat within the liveness window). */
  workersOnline: number;
  counts: Record<"PENDING" | "PROCESSING" | "COMPLETED" | "CANCELED" | "FAILED", number>;
  /**
   * Started → finished, in milliseconds, of the type's COMPLETED tasks among the 5,000 most
   * recently finished tasks of all types; null when none of them is of this type.
   */
  durationP50Ms: number | null;
  durationP95Ms: number | null;
  /** The limits the type's workers declared (enforced across all of them), null where none. */
  limits: TaskTypeLimits;
  /** PENDING tasks held back by each limit now. */
  waiting: { concurrency: number; rate: number };
}

/** A type's limits as registered: `keyed` when each key (from the task's input) has its own. */
export interface TaskTypeLimits {
  concurrency: { limit: number; keyed: boolean } | null;
  rate: { max: number; perMs: number; keyed: boolean } | null;
}

export const NO_LIMITS: TaskTypeLimits = { concurrency: null, rate: null };

/** What a worker registers per type on start (the API validates creates against `inputSchema`). */
export interface TaskTypeRegistration {
  type: string;
  inputSchema: unknown;
  outputSchema: unknown | null;
  maxAttempts: number;
  timeoutMs: number | null;
  /** Declared limits (none when absent). */
  limits?: TaskTypeLimits;
}
