import { TASK_TYPE_PATTERN as PLATFORM_TYPE_PATTERN } from "@tps/core";
import type { z } from "zod";

/**
 * What a task type's name must match: the platform's rule (@tps/core), declared here so that the
 * bundled declarations do not import @tps/core, which is not published.
 */
export const TASK_TYPE_PATTERN: RegExp = PLATFORM_TYPE_PATTERN;

/** The logger a handler gets: pino's call shape (context object first), bound to its task. */
export interface TaskLogger {
  info(context: object, message: string): void;
  warn(context: object, message: string): void;
  error(context: object, message: string): void;
}

/** What `run` gets besides its input. */
export interface TaskContext {
  taskId: number;
  /** 1 for the first attempt. */
  attempt: number;
  /**
   * Aborts when the task is cancelled, when the attempt runs past `timeoutMs`, at the worker's
   * drain deadline, or when its lease is lost; `signal.reason` is a TaskAbortedError naming which.
   * Pass it to fetch, streams and timers so the work stops promptly.
   */
  signal: AbortSignal;
  /**
   * Reports progress (0–100, and an optional note of up to 500 characters). Cheap to call often:
   * the latest value per task is stored about once a second and shown live in the console.
   */
  progress(percent: number, message?: string): void;
  log: TaskLogger;
}

export interface RetryPolicy {
  /** Attempts in all, the first included (default 3). */
  maxAttempts?: number;
  /** Wait before the second attempt; doubles for each further one (default 1,000 ms). */
  backoffMs?: number;
  /** Longest wait between attempts (default 60,000 ms). */
  maxBackoffMs?: number;
}

/** A rate limit: at most `max` starts in any window of `perMs` milliseconds. */
export interface RateLimit<TInput = never> {
  max: number;
  perMs: number;
  /** The key the rate counts a task under: a non-empty string of up to 200 characters. */
  key?(input: TInput): string;
}

type Schema = z.ZodType;
type OutputOf<O extends Schema | undefined, R> = O extends Schema ? z.input<O> : R;

/** A task type: its name, schemas, policy and work. Create with `defineTask`. */
export interface TaskDefinition<
  TType extends string = string,
  TInput extends Schema = Schema,
  TOutput extends Schema | undefined = Schema | undefined,
  TResult = unknown,
> {
  readonly type: TType;
  readonly input: TInput;
  readonly output?: TOutput;
  readonly retry?: RetryPolicy;
  /** The attempt's signal aborts after this long and the attempt fails (retried per `retry`). */
  readonly timeoutMs?: number;
  /** At most this many tasks of this type at once in this process (default: the worker's prefetch). */
  readonly concurrency?: number;
  /**
   * At most this many tasks of this type run at once across all workers together (counted in
   * Redis); with `concurrencyKey`, at most this many per key. Tasks over it wait PENDING (no
   * attempt spent) until a slot frees.
   */
  readonly concurrencyLimit?: number;
  /** The key the concurrency limit counts a task under: a non-empty string of up to 200 characters. */
  concurrencyKey?(input: z.output<TInput>): string;
  /** At most `max` starts per `perMs` (any sliding window), across all workers; per key with `key`. */
  readonly rateLimit?: RateLimit<z.output<TInput>>;
  readonly run: (input: z.output<TInput>, ctx: TaskContext) => Promise<OutputOf<TOutput, TResult>>;
  /**
   * Type-level only (never set): what a caller sends and gets back. `@tps/client` reads it from a
   * type-only import of the definition, so it never loads this package.
   */
  readonly "~types"?: {
    readonly type: TType;
    readonly input: z.input<TInput>;
    readonly output: TOutput extends Schema ? z.output<TOutput> : Awaited<TResult>;
  };
}

/** Any task definition, whatever its types (what `createWorker` takes). */
// biome-ignore lint/suspicious/noExplicitAny: the run signature is contravariant in its input
export type AnyTaskDefinition = TaskDefinition<string, Schema, Schema | undefined, any>;

/** Defines a task type. Checks the name and policy now, so a mistake fails at start, not at the first task. */
export function defineTask<
  const TType extends string,
  TInput extends Schema,
  TOutput extends Schema | undefined = undefined,
  TResult = unknown,
>(
  definition: TaskDefinition<TType, TInput, TOutput, TResult>,
): TaskDefinition<TType, TInput, TOutput, TResult> {
  const { type, retry, timeoutMs, concurrency, concurrencyLimit, concurrencyKey, rateLimit } = definition;
  if (!TASK_TYPE_PATTERN.test(type))
    throw new TypeError(`task type "${type}" must match ${TASK_TYPE_PATTERN}`);
  const positive = (name: string, value: number | undefined, max: number) => {
    if (value !== undefined && !(Number.isInteger(value) && value >= 1 && value <= max))
      throw new RangeError(`${type}: ${name} must be an integer from 1 to ${max}`);
  };
  positive("retry.maxAttempts", retry?.maxAttempts, 100);
  positive("retry.backoffMs", retry?.backoffMs, 86_400_000);
  positive("retry.maxBackoffMs", retry?.maxBackoffMs, 86_400_000);
  positive("timeoutMs", timeoutMs, 86_400_000);
  positive("concurrency", concurrency, 65_535);
  positive("concurrencyLimit", concurrencyLimit, 1_000_000);
  if (concurrencyKey !== undefined && typeof concurrencyKey !== "function")
    throw new TypeError(`${type}: concurrencyKey must be a function of the input`);
  if (concurrencyKey !== undefined && concurrencyLimit === undefined)
    throw new TypeError(`${type}: concurrencyKey needs a concurrencyLimit`);
  if (rateLimit !== undefined) {
    if (rateLimit === null || typeof rateLimit !== "object")
      throw new TypeError(`${type}: rateLimit must be { max, perMs, key? }`);
    positive("rateLimit.max", rateLimit.max, 1_000_000);
    positive("rateLimit.perMs", rateLimit.perMs, 86_400_000);
    if (rateLimit.max === undefined || rateLimit.perMs === undefined)
      throw new TypeError(`${type}: rateLimit needs both max and perMs`);
    if (rateLimit.key !== undefined && typeof rateLimit.key !== "function")
      throw new TypeError(`${type}: rateLimit.key must be a function of the input`);
  }
  return Object.freeze({ ...definition });
}
