import {
  createSchedule,
  createScheduleInput,
  deleteSchedule,
  getSchedule,
  listSchedules,
  previewSchedule,
  previewScheduleInput,
  scheduleIdInput,
  updateSchedule,
  updateScheduleInput,
} from "@tps/core";
import { noInput } from "./no-input";
import { procedure, router } from "./trpc";

/**
 * Cron schedules: each tick makes one task of the schedule's type and input (the workers' scheduler
 * loop makes it). Writes need the operator role and are audited; reads are open to viewers.
 */
export const schedulesRouter = router({
  /** The input is checked against the type's registered schema, as tasks.create checks it. */
  create: procedure
    .input(createScheduleInput)
    .mutation(({ ctx, input }) => createSchedule(ctx, input, ctx.principal?.name ?? null)),
  list: procedure.input(noInput).query(({ ctx }) => listSchedules(ctx)),
  get: procedure.input(scheduleIdInput).query(({ ctx, input }) => getSchedule(ctx, input.id)),
  /** Changes what is given; a new cron, timezone or enabling computes the next tick anew. */
  update: procedure.input(updateScheduleInput).mutation(({ ctx, input }) => updateSchedule(ctx, input)),
  /** The tasks its ticks made stay. */
  delete: procedure.input(scheduleIdInput).mutation(({ ctx, input }) => deleteSchedule(ctx, input.id)),
  /** The next ticks of a pattern, for the console's form. */
  preview: procedure.input(previewScheduleInput).query(({ input }) => previewSchedule(input)),
});
