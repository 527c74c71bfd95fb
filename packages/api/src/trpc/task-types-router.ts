import { noInput } from "./no-input";
import { procedure, router } from "./trpc";

export const taskTypesRouter = router({
  /** Every registered task type: its schemas, workers online, counts per status and durations. */
  list: procedure.input(noInput).query(({ ctx }) => ctx.types.list()),
});
