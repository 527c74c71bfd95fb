import { z } from "zod";
import { defineTask } from "./define-task";

/**
 * The simplest typed task, with both an input and an output schema: it adds two numbers. Unit and
 * integration tests of the SDK share it, each under a type name of its own so their queues and
 * error messages stay apart.
 */
export function defineAddTask<const TType extends string>(type: TType) {
  return defineTask({
    type,
    input: z.object({ a: z.number(), b: z.number() }),
    output: z.object({ sum: z.number() }),
    run: async ({ a, b }) => ({ sum: a + b }),
  });
}
