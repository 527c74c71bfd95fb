import { describe, expect, expectTypeOf, it } from "vitest";
import type { TasksClient } from "./create-client";
import { TaskCanceledError, TaskFailedError, TaskNotCompletedError } from "./errors";
import type { JsonValue, Task, TaskStatus } from "./router";
import { outputOf, type TaskInput, type TaskOutput, type TerminalTask, type TypedTask } from "./typed-tasks";

/**
 * Real definitions, made by @tps/worker's own `defineTask` with zod, and seen by the client through
 * their types only: this function is never called, so nothing of the worker loads (the client's
 * build never imports it either). `tsc --noEmit -p packages/client` checks the lines below,
 * `@ts-expect-error` ones included: if one stops being an error, tsc fails.
 */
function definitions(defineTask: typeof import("@tps/worker").defineTask, z: typeof import("zod").z) {
  const add = defineTask({
    type: "math.add",
    input: z.object({ a: z.number(), b: z.number(), note: z.string().default("") }),
    run: async ({ a, b }) => ({ sum: a + b }),
  });
  const hash = defineTask({
    type: "file.hash",
    input: z.object({ path: z.string(), algorithm: z.enum(["sha256", "sha1"]).optional() }),
    output: z.object({ digest: z.string(), bytes: z.number().int() }),
    run: async () => ({ digest: "00", bytes: 0 }),
  });
  const ping = defineTask({ type: "ping", input: z.null(), run: async () => {} });
  return { add, hash, ping };
}
type Defs = ReturnType<typeof definitions>;
type Add = Defs["add"];
type Hash = Defs["hash"];
type Ping = Defs["ping"];

declare const tps: TasksClient;

describe("typed triggers (compile-time checks)", () => {
  it("derives the name, input and output from a definition's type", () => {
    expectTypeOf<TaskInput<Add>>().toEqualTypeOf<{ a: number; b: number; note?: string | undefined }>();
    expectTypeOf<TaskOutput<Add>>().toEqualTypeOf<{ sum: number }>();
    expectTypeOf<TaskOutput<Hash>>().toEqualTypeOf<{ digest: string; bytes: number }>();
    expectTypeOf<TaskOutput<Ping>>().toEqualTypeOf<null>(); // nothing returned is stored as null
  });

  it("types trigger, triggerAndWait and waitFor", () => {
    const typed = async () => {
      const created = await tps.trigger<Add>("math.add", { a: 1, b: 2 }, { idempotencyKey: "k" });
      expectTypeOf(created.type).toEqualTypeOf<"math.add">();
      expectTypeOf(created.input).toEqualTypeOf<TaskInput<Add>>();
      expectTypeOf(created.status).toEqualTypeOf<TaskStatus>();
      expectTypeOf(created.output).toEqualTypeOf<{ sum: number } | null>();

      const done = await tps.triggerAndWait<Hash>("file.hash", { path: "/etc/hosts" }, { timeoutMs: 5_000 });
      expectTypeOf(done.status).toEqualTypeOf<"COMPLETED" | "FAILED" | "CANCELED">();
      if (done.status === "COMPLETED")
        expectTypeOf(done.output).toEqualTypeOf<{ digest: string; bytes: number }>();
      else expectTypeOf(done.output).toEqualTypeOf<null>();
      expectTypeOf(outputOf(done)).toEqualTypeOf<{ digest: string; bytes: number }>();

      expectTypeOf(await tps.waitFor<Add>(created.id)).toEqualTypeOf<TerminalTask<Add>>();
      expectTypeOf(await tps.waitFor<Add>([created.id])).toEqualTypeOf<TerminalTask<Add>[]>();
      expectTypeOf(outputOf(await tps.waitFor<Add>(created.id)).sum).toEqualTypeOf<number>();
      // A finished task is still a Task: code written against `Task` keeps working.
      const asTask: Omit<Task, "input"> = done;
      void asTask;

      // @ts-expect-error the name must be the definition's
      await tps.trigger<Add>("math.sub", { a: 1, b: 2 });
      // @ts-expect-error b must be a number
      await tps.trigger<Add>("math.add", { a: 1, b: "2" });
      // @ts-expect-error b is required
      await tps.triggerAndWait<Add>("math.add", { a: 1 });
      // @ts-expect-error no such field
      await tps.trigger<Add>("math.add", { a: 1, b: 2, c: 3 });
      // @ts-expect-error algorithm is one of the enum's values
      await tps.trigger<Hash>("file.hash", { path: "x", algorithm: "md5" });
      // @ts-expect-error there is no `sum` in a hash's output
      outputOf(await tps.triggerAndWait<Hash>("file.hash", { path: "x" })).sum;
      // @ts-expect-error output may be null until narrowed to COMPLETED
      void done.output.digest;
    };
    void typed;
  });

  it("keeps the untyped forms: plain tasks, any type name, JSON input", () => {
    const untyped = async () => {
      const task = await tps.trigger("anything.goes", { any: ["json", 1, null] });
      expectTypeOf(task.type).toEqualTypeOf<string>();
      expectTypeOf(task.input).toEqualTypeOf<JsonValue>();
      expectTypeOf(await tps.waitFor(task.id)).toEqualTypeOf<Task>();
      expectTypeOf(await tps.waitFor([task.id])).toEqualTypeOf<Task[]>();
      expectTypeOf(outputOf(await tps.waitFor(task.id))).toEqualTypeOf<JsonValue>();
      expectTypeOf(outputOf(await tps.triggerAndWait("sleep", "payload"))).toEqualTypeOf<JsonValue>();
      expectTypeOf<TypedTask>().toExtend<Task>();
    };
    void untyped;
  });
});

const task = (status: TaskStatus, output: JsonValue = null): Task => ({
  id: 7,
  type: "math.add",
  input: { a: 1, b: 2 },
  payload: '{"a":1,"b":2}',
  status,
  attempts: 3,
  maxAttempts: 3,
  lastError: status === "FAILED" ? "boom" : null,
  createdAt: "2026-01-01T00:00:00.000Z",
  publishedAt: null,
  startedAt: null,
  finishedAt: null,
  canceledAt: null,
  updatedAt: "2026-01-01T00:00:00.000Z",
  nextAttemptAt: null,
  output,
  progress: null,
  priority: 0,
  expiresAt: null,
  scheduleId: null,
  waitingOn: null,
  expired: false,
});

describe("outputOf", () => {
  it("returns a COMPLETED task's output", () => {
    expect(outputOf(task("COMPLETED", { sum: 3 }))).toEqual({ sum: 3 });
  });

  it("throws TaskFailedError with the last error for a FAILED task", () => {
    const error = (() => {
      try {
        outputOf(task("FAILED"));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error).toBeInstanceOf(TaskNotCompletedError);
    expect(error).toMatchObject({
      name: "TaskFailedError",
      taskId: 7,
      lastError: "boom",
      message: "task 7 (math.add) failed after 3 attempt(s): boom",
    });
  });

  it("throws TaskCanceledError for a CANCELED task, and TypeError for one not finished", () => {
    expect(() => outputOf(task("CANCELED"))).toThrow(TaskCanceledError);
    expect(() => outputOf(task("PROCESSING"))).toThrow(TypeError);
  });
});
