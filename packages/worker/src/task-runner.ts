import { byteLength, type ClaimedTask, inputOf, type Log } from "@tps/core";
import type { z } from "zod";
import type { AnyTaskDefinition, TaskContext, TaskLogger } from "./define-task";
import { NonRetryableError, TaskAbortedError } from "./errors";
import type { ProgressBuffer } from "./progress-buffer";
import type { WorkFn } from "./work";

export interface TaskRunnerOptions {
  definitions: readonly AnyTaskDefinition[];
  /** Largest output (JSON text, bytes) stored; a bigger one fails the attempt. */
  outputMaxBytes: number;
  progress: Pick<ProgressBuffer, "report">;
  log: Log & { child?(bindings: object): Log };
}

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
    // Nothing below holds the claimed task (its payload) while the work runs: only these.
    const { id, type, attempts: attempt, leaseToken } = task;
    const lease = { id, leaseToken };
    // The loop aborts `stop` with a TaskAbortedError (cancel, shutdown, lost lease); a timeout adds
    // a signal of its own. Without one the handler gets `stop` itself: no extra objects per task.
    const timeout = definition.timeoutMs === undefined ? null : new AbortController();
    const signal = timeout ? AbortSignal.any([stop, timeout.signal]) : stop;
    const timer =
      timeout && setTimeout(() => timeout.abort(new TaskAbortedError("timeout", id)), definition.timeoutMs);
    let logger: TaskLogger | undefined;
    const ctx: TaskContext = {
      taskId: id,
      attempt,
      signal,
      progress: (percent, message) => progress.report(lease, percent, message),
      // A child logger costs a few microseconds and a few hundred bytes: made on first use only.
      get log() {
        logger ??=
          log.child?.({ taskId: id, taskType: type, attempt }) ??
          bound(log, { taskId: id, taskType: type, attempt });
        return logger;
      },
    };
    try {
      const result = await untilAborted(
        Promise.resolve().then(() => definition.run(parsed.data, ctx)),
        signal,
      );
      return serialize(type, definition, result, outputMaxBytes);
    } finally {
      if (timer) clearTimeout(timer);
    }
  };
}

/**
 * `running`, or its signal's reason as soon as the signal aborts, whichever comes first: a handler
 * that ignores its signal cannot hold the task (nor a worker's drain) past a cancel or a timeout.
 */
function untilAborted<T>(running: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    running.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
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
