import { defineTask } from "@tps/worker";
import { simulate } from "@tps/worker/internal";
import { z } from "zod";

/**
 * A typed task for the test suites (TASK_TEST_HOOKS only), defined through the public SDK like any
 * service's: its input is checked at the door and at the worker, it waits TASK_WORK_MS like
 * `sleep`, and returns its tag with the attempt that finished it, so the fault suite can check
 * that every COMPLETED task's stored output is its own.
 */
export const createTestEchoTask = (workMs: number) =>
  defineTask({
    type: "test.echo",
    input: z.object({ tag: z.string().max(200), fail: z.boolean().optional() }),
    output: z.object({ tag: z.string(), attempt: z.number().int() }),
    run: async ({ tag, fail }, ctx) => {
      await simulate(tag, workMs, false, ctx.signal);
      if (fail) throw new Error(`test.echo failure: ${tag}`);
      return { tag, attempt: ctx.attempt };
    },
  });
