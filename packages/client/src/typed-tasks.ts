import type { JsonValue } from "@tps/core";
import { TaskCanceledError, TaskFailedError } from "./errors";
import type { Task, TaskStatus } from "./router";

/**
 * What the client needs to know of a task type, read structurally from a `TaskDefinition` of
 * `@tps/worker` (its type-level `"~types"` property): pass `typeof myTask` from a type-only import
 * (`import type { myTask } from "./tasks"`). Neither `@tps/worker` nor zod is loaded or needed
 * by these declarations.
 */
export interface TaskTypeLike {
  readonly "~types"?: {
    readonly type: string;
    readonly input: unknown;
    readonly output: unknown;
  };
}

/** The default when no definition is given: any type name, JSON in, JSON out. */
export interface UntypedTask {
  readonly "~types"?: { readonly type: string; readonly input: JsonValue; readonly output: JsonValue };
}

type TypesOf<D extends TaskTypeLike> = NonNullable<D["~types"]>;

/** The type's name, e.g. `"math.add"`. */
export type TaskTypeName<D extends TaskTypeLike> = TypesOf<D>["type"];
/** What a caller sends: the input schema's input type (before defaults and transforms). */
export type TaskInput<D extends TaskTypeLike> = TypesOf<D>["input"];
/**
 * What a COMPLETED task holds: the output schema's type, or what `run` returns. It travels as JSON:
 * `undefined` (nothing returned) is stored as `null`.
 */
export type TaskOutput<D extends TaskTypeLike> = NullIfVoid<TypesOf<D>["output"]>;
/** `undefined` and `void` become `null`, member by member. */
type NullIfVoid<T> = T extends void ? null : T;

/** A task of type `D` in status `S`: `output` is the typed output when COMPLETED, and `null` otherwise. */
export type TypedTask<
  D extends TaskTypeLike = UntypedTask,
  S extends TaskStatus = TaskStatus,
> = S extends TaskStatus
  ? Omit<Task, "type" | "input" | "status" | "output"> & {
      type: TaskTypeName<D>;
      input: TaskInput<D>;
      status: S;
      output: S extends "COMPLETED" ? TaskOutput<D> : null;
    }
  : never;

/** A finished task of type `D`: COMPLETED (with its output), FAILED (see `lastError`) or CANCELED. */
export type TerminalTask<D extends TaskTypeLike = UntypedTask> = TypedTask<
  D,
  "COMPLETED" | "FAILED" | "CANCELED"
>;

/**
 * What `trigger` resolves with: the task, marked `replayed: true` when an earlier create with the
 * same idempotency key (and the same type and input) made it.
 */
export type TriggeredTask<D extends TaskTypeLike = UntypedTask> = TypedTask<D> & { replayed?: true };

/** Options of `trigger`. */
export interface TriggerOptions {
  /**
   * Names the create for 24 h among your keys: the same key, type and input return the same task,
   * never a duplicate; another type or input with the key is a `ConflictError`. Without one, the
   * client generates a key per call when retries are on, so its own retries are safe too.
   */
  idempotencyKey?: string;
  /** Start no earlier than this time (a Date or an ISO date-time, at most a year ahead); not with `delayMs`. */
  runAt?: Date | string;
  /** Start no earlier than this many milliseconds from now (up to one year); not with `runAt`. */
  delayMs?: number;
  /**
   * Not started within this many milliseconds of its run time (1 s to a year), the task ends CANCELED
   * without running, `expired: true` (`lastError` "expired").
   */
  ttlMs?: number;
  /** 0-9 (default 0): higher starts first. */
  priority?: number;
  /** Aborts the create request. */
  signal?: AbortSignal;
}

/** The output of a COMPLETED task of a union of statuses (the task's own `output` otherwise). */
export type OutputOfTask<T extends { status: TaskStatus; output: unknown }> = [
  Extract<T, { status: "COMPLETED" }>,
] extends [never]
  ? T["output"]
  : Extract<T, { status: "COMPLETED" }>["output"];

/**
 * The output of a finished task, or a typed error: `TaskFailedError` (FAILED, with `lastError`) or
 * `TaskCanceledError`. For `triggerAndWait` and `waitFor`, which resolve with the task however it
 * ended: `const { sum } = outputOf(await tps.triggerAndWait<typeof add>("math.add", { a, b }))`.
 * A task that is not finished yet is a mistake (`TypeError`).
 */
export function outputOf<T extends { status: TaskStatus; output: unknown }>(task: T): OutputOfTask<T> {
  const plain = task as unknown as Task;
  switch (task.status) {
    case "COMPLETED":
      return task.output as OutputOfTask<T>;
    case "FAILED":
      throw new TaskFailedError(plain);
    case "CANCELED":
      throw new TaskCanceledError(plain);
    default:
      throw new TypeError(`task ${plain.id} is ${task.status}, not finished: wait for it first (waitFor)`);
  }
}
