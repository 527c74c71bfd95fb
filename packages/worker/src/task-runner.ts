import { byteLength, type ClaimedTask, inputOf, type Log } from "@tps/core";
import type { z } from "zod";
import type { AnyTaskDefinition, TaskContext } from "./define-task";
import { type AbortCode, NonRetryableError, TaskAbortedError } from "./errors";
import type { ProgressBuffer } from "./progress-buffer";
import type { WorkFn } from "./work";

export interface TaskRunnerOptions {
  definitions: readonly AnyTaskDefinition[];
  /** Largest output (JSON text, bytes) stored; a bigger one fails the attempt. */
  outputMaxBytes: number;
  progress: Pick<ProgressBuffer, "report">;
  log: Log & { child?(bindings: object): Log };
}

const ABORT_MESSAGES: Record<AbortCode, string> = {
  canceled: "the task was canceled",
  timeout: "the attempt timed out",
  shutdown: "the worker is shutting down",
  lease_lost: "the worker lost the task's lease",
};

/** One line naming each field that failed a schema. */
export const describeIssues = (error: z.ZodError): string =>
  error.issues.map((i) => `${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`).join("; ");

/**
 * The work of every claimed task: its type's definition, run with a context. The input is checked
 * against the type's schema first (a schema changed under queued tasks: FAILED at once, naming the
 * field); the attempt ends when `run` settles or its signal aborts (cancel, timeout, shutdown, lost
 * lease), whichever comes first, so a handler that ignores its signal cannot hold the task. The
 * result is checked against `output`, serialized and capped.
 */
export function createTaskRunner({ definitions, outputMaxBytes, progress, log }: TaskRunnerOptions): WorkFn {
  const byType = new Map(definitions.map((d) => [d.type, d]));

  return async (task: ClaimedTask, stop: AbortSignal) => {
    const definition = byType.get(task.type);
    // Routing sends a worker only its own types' queues: this is a message in the wrong queue.
    if (!definition) throw new Error(`this worker does not define task type "${task.type}"`);
    const parsed = definition.input.safeParse(inputOf(task.type, task.payload));
    if (!parsed.success) {
      throw new NonRetryableError(
        `input does not match the schema of ${task.type}: ${describeIssues(parsed.error)}`,
      );
    }

    const controller = new AbortController();
    const abort = (code: AbortCode) => {
      if (!controller.signal.aborted)
        controller.abort(new TaskAbortedError(code, `task ${task.id}: ${ABORT_MESSAGES[code]}`));
    };
    const onStop = () => abort(stop.reason as AbortCode);
    stop.addEventListener("abort", onStop, { once: true });
    if (stop.aborted) onStop();
    const timer =
      definition.timeoutMs === undefined
        ? undefined
        : setTimeout(() => abort("timeout"), definition.timeoutMs);
    const bindings = { taskId: task.id, taskType: task.type, attempt: task.attempts };
    const ctx: TaskContext = {
      taskId: task.id,
      attempt: task.attempts,
      signal: controller.signal,
      progress: (percent, message) => progress.report(task, percent, message),
      log: log.child?.(bindings) ?? bound(log, bindings),
    };
    const aborted = new Promise<never>((_, reject) => {
      const fail = () => reject(controller.signal.reason);
      if (controller.signal.aborted) fail();
      else controller.signal.addEventListener("abort", fail, { once: true });
    });
    aborted.catch(() => {});
    try {
      const result = await Promise.race([
        Promise.resolve().then(() => definition.run(parsed.data, ctx)),
        aborted,
      ]);
      return serialize(task.type, definition, result, outputMaxBytes);
    } finally {
      clearTimeout(timer);
      stop.removeEventListener("abort", onStop);
    }
  };
}

function serialize(
  type: string,
  definition: AnyTaskDefinition,
  result: unknown,
  maxBytes: number,
): string | null {
  let value = result;
  if (definition.output) {
    const checked = definition.output.safeParse(result);
    if (!checked.success)
      throw new Error(`output does not match the schema of ${type}: ${describeIssues(checked.error)}`);
    value = checked.data;
  }
  if (value === undefined) return null;
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new Error(`output of ${type} is not JSON-serializable: ${(error as Error).message}`);
  }
  if (text === undefined) return null;
  const bytes = byteLength(text);
  if (bytes > maxBytes) {
    throw new Error(
      `output of ${type} is ${bytes} bytes as JSON, over the ${maxBytes}-byte cap (TASK_OUTPUT_MAX_BYTES)`,
    );
  }
  return text;
}

const bound = (log: Log, bindings: object): Log => ({
  info: (context, message) => log.info({ ...bindings, ...context }, message),
  warn: (context, message) => log.warn({ ...bindings, ...context }, message),
  error: (context, message) => log.error({ ...bindings, ...context }, message),
});
