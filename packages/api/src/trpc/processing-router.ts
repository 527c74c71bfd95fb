import { PAUSE_REASON_MAX, storableText } from "@tps/core";
import { z } from "zod";
import { noInput } from "./no-input";
import { procedure, router } from "./trpc";

/**
 * The processing switch: while paused, every consumer stops claiming within a second and finishes
 * what it runs; tasks created meanwhile stay PENDING. Each call returns the state after it.
 */
export const processingRouter = router({
  status: procedure.input(noInput).query(({ ctx }) => ctx.processing.status()),
  /** Pausing while paused keeps the first pauser (and their reason). */
  pause: procedure
    .input(z.strictObject({ reason: storableText("reason").max(PAUSE_REASON_MAX).optional() }).optional())
    .mutation(({ ctx, input }) => ctx.processing.pause(ctx.principal!.name, input?.reason ?? null)),
  /** Resuming while running changes nothing. */
  resume: procedure.input(noInput).mutation(({ ctx }) => ctx.processing.resume(ctx.principal!.name)),
});
