import {
  listDeadLetters,
  MAX_DEAD_LETTER_KEYS,
  MAX_DEAD_LETTERS_PER_CALL,
  purgeDeadLetters,
  redriveDeadLetters,
} from "@tps/core";
import { z } from "zod";
import { procedure, router } from "./trpc";

/** Some dead letters by key (from `deadLetters.list`), or all of them. */
const selection = z.union([
  z.strictObject({
    keys: z
      .array(z.string().min(1).max(100))
      .min(1, "select at least one dead letter")
      .max(MAX_DEAD_LETTER_KEYS, `at most ${MAX_DEAD_LETTER_KEYS} keys at a time`),
  }),
  z.strictObject({ all: z.literal(true) }),
]);

export const deadLettersRouter = router({
  /** The head of `<queue>.dead` (up to `limit` messages, left in place) and the queue's depth. */
  list: procedure
    .input(
      z
        .strictObject({ limit: z.number().int().min(1).max(MAX_DEAD_LETTERS_PER_CALL).default(100) })
        .default({ limit: 100 }),
    )
    .query(({ ctx, input }) => listDeadLetters(ctx, input.limit)),
  /** Back to the work queue; messages of tasks already finished are dropped instead. */
  redrive: procedure.input(selection).mutation(({ ctx, input }) => redriveDeadLetters(ctx, input)),
  /** Removed for good. */
  purge: procedure.input(selection).mutation(({ ctx, input }) => purgeDeadLetters(ctx, input)),
});
