import { procedure, router } from "./trpc";

export const taskTypesRouter = router({
  /** Every registered task type: its schemas, workers online, counts per status and durations. */
  list: procedure.query(({ ctx }) => ctx.types.list()),
});
