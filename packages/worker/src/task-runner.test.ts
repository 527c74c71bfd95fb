import type { ClaimedTask } from "@tps/core";
import { MemoryLog } from "@tps/core/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineTask } from "./define-task";
import { isNonRetryable, NonRetryableError, TaskAbortedError } from "./errors";
import { createTaskRunner } from "./task-runner";
import { defineAddTask } from "./task-test-helpers";

const claimed = (type: string, input: unknown, attempts = 1): ClaimedTask => ({
  id: 7,
  type,
  payload: type === "sleep" ? String(input) : JSON.stringify(input),
  attempts,
  maxAttempts: 3,
  createdAt: new Date(),
  startedAt: new Date(),
  leaseToken: "token-7",
});

const add = defineAddTask("math.add");

function runnerFor(
  definitions: Parameters<typeof createTaskRunner>[0]["definitions"],
  outputMaxBytes = 1_000,
) {
  const reports: { percent: number; message?: string }[] = [];
  const run = createTaskRunner({
    definitions,
    outputMaxBytes,
    progress: { report: (_lease, percent, message) => void reports.push({ percent, message }) },
    log: new MemoryLog(),
  });
  return { run, reports };
}

describe("task runner (a type's definition around each claimed task)", () => {
  it("runs the type's handler with its parsed input and returns the output as JSON text", async () => {
    const { run } = runnerFor([add]);
    expect(await run(claimed("math.add", { a: 1, b: 2 }), new AbortController().signal)).toBe('{"sum":3}');
  });

  it("refuses input that fails the schema as non-retryable, naming the field", async () => {
    const { run } = runnerFor([add]);
    const error = await run(claimed("math.add", { a: "1", b: 2 }), new AbortController().signal).catch(
      (e) => e,
    );
    expect(isNonRetryable(error)).toBe(true);
    expect(String(error)).toMatch(/input does not match the schema of math\.add: a: /);
  });

  it("passes a NonRetryableError through, and fails (retryably) on output that fails its schema or its cap", async () => {
    const strict = defineTask({
      type: "strict",
      input: z.object({ mode: z.string() }),
      output: z.object({ ok: z.boolean() }),
      run: async ({ mode }) => {
        if (mode === "refuse") throw new NonRetryableError("no way");
        return (mode === "bad" ? { ok: "yes" } : { ok: true, padding: "x".repeat(2_000) }) as unknown as {
          ok: boolean;
        };
      },
    });
    const { run } = runnerFor([strict]);
    const signal = new AbortController().signal;
    expect(isNonRetryable(await run(claimed("strict", { mode: "refuse" }), signal).catch((e) => e))).toBe(
      true,
    );
    const bad = await run(claimed("strict", { mode: "bad" }), signal).catch((e) => e);
    expect([isNonRetryable(bad), String(bad)]).toEqual([
      false,
      expect.stringMatching(/output does not match.*ok/),
    ]);
    // zod strips the unknown key, so the stored output is small: within the cap.
    expect(await run(claimed("strict", { mode: "big" }), signal)).toBe('{"ok":true}');
    const loose = defineTask({ type: "loose", input: z.null(), run: async () => "x".repeat(2_000) });
    const big = await runnerFor([loose])
      .run(claimed("loose", null), signal)
      .catch((e) => e);
    expect(String(big)).toMatch(/over the 1000-byte cap \(TASK_OUTPUT_MAX_BYTES\)/);
  });

  it("aborts the handler's signal at its timeout and fails the attempt even if the handler ignores it", async () => {
    let seen: unknown;
    const slow = defineTask({
      type: "slow",
      input: z.null(),
      timeoutMs: 50,
      run: (_input, ctx) =>
        new Promise<void>(() => {
          ctx.signal.addEventListener("abort", () => {
            seen = ctx.signal.reason;
          });
        }),
    });
    const started = Date.now();
    const error = await runnerFor([slow])
      .run(claimed("slow", null), new AbortController().signal)
      .catch((e) => e);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(TaskAbortedError);
    expect([(error as TaskAbortedError).code, (seen as TaskAbortedError).code]).toEqual([
      "timeout",
      "timeout",
    ]);
    expect(isNonRetryable(error)).toBe(false);
  });

  it("names a cancel on the handler's signal and hands progress and context to the handler", async () => {
    const stop = new AbortController();
    let attempt = 0;
    const long = defineTask({
      type: "long",
      input: z.null(),
      run: (_input, ctx) => {
        attempt = ctx.attempt;
        ctx.progress(30, "a third");
        ctx.progress(150);
        return new Promise<void>((_, reject) =>
          ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason)),
        );
      },
    });
    const { run, reports } = runnerFor([long]);
    const running = run(claimed("long", null, 2), stop.signal).catch((e) => e);
    await new Promise((r) => setTimeout(r, 10));
    stop.abort(new TaskAbortedError("canceled", 7));
    const error = await running;
    expect((error as TaskAbortedError).code).toBe("canceled");
    expect(String(error)).toMatch(/task 7: the task was canceled/);
    expect(attempt).toBe(2);
    expect(reports).toEqual([{ percent: 30, message: "a third" }, { percent: 150 }]);
  });

  it("returns null for work that returns nothing, and refuses a type it does not define (retryable)", async () => {
    const quiet = defineTask({ type: "quiet", input: z.string(), run: async () => {} });
    const { run } = runnerFor([quiet]);
    expect(await run(claimed("quiet", "hi"), new AbortController().signal)).toBeNull();
    const unknown = await run(claimed("other", "hi"), new AbortController().signal).catch((e) => e);
    expect([isNonRetryable(unknown), String(unknown)]).toEqual([
      false,
      expect.stringMatching(/does not define task type "other"/),
    ]);
  });
});

describe("defineTask", () => {
  it("checks the type name and the policy when defined", () => {
    const base = { input: z.null(), run: async () => {} };
    expect(() => defineTask({ ...base, type: "Bad Name" })).toThrow(/must match/);
    expect(() => defineTask({ ...base, type: "ok.name", concurrency: 0 })).toThrow(
      /concurrency must be an integer/,
    );
    expect(() => defineTask({ ...base, type: "ok.name", retry: { maxAttempts: 1.5 } })).toThrow(
      /maxAttempts/,
    );
    expect(defineTask({ ...base, type: "ok.name-2_x" }).type).toBe("ok.name-2_x");
  });
});
