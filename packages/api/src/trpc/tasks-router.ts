import {
  admitTasks,
  cancelMatching,
  cancelTask,
  cancelTasks,
  countTasks,
  createInput,
  createManyInput,
  deleteMatching,
  deleteTasks,
  getTask,
  idInput,
  idsInput,
  listInput,
  listTasks,
  matchingInput,
  retryMatching,
  retryTask,
  retryTaskNow,
  retryTasks,
  taskEvents,
  taskFilterSchema,
} from "@tps/core";
import { z } from "zod";
import { type ApiContext, procedure, router } from "./trpc";
import { watchChanges } from "./watch-changes";

/** Who the timeline names for an operator action. */
const actor = (ctx: ApiContext) => ctx.principal?.name ?? null;

export const tasksRouter = router({
  /** `{ type, input }` (checked against the type's registered schema), or `{ payload }` for type `sleep`. */
  create: procedure.input(createInput).mutation(async ({ ctx, input }) => {
    const [task] = await ctx.intake.create(await admitTasks(ctx.types, [input], () => ""));
    ctx.observe?.tasksCreated(1);
    return task!;
  }),
  createMany: procedure.input(createManyInput).mutation(async ({ ctx, input }) => {
    const items = await ctx.intake.create(await admitTasks(ctx.types, input.items ?? input.payloads ?? []));
    ctx.observe?.tasksCreated(items.length);
    return { items };
  }),
  get: procedure.input(idInput).query(({ ctx, input }) => getTask(ctx.repo, input.id)),
  events: procedure.input(idInput).query(({ ctx, input }) => taskEvents(ctx.repo, input.id)),
  list: procedure.input(listInput).query(({ ctx, input }) => listTasks(ctx.repo, input)),
  /** Counts per status, of all tasks or of those matching `filter`. */
  stats: procedure
    .input(z.object({ filter: taskFilterSchema.optional() }).optional())
    .query(({ ctx, input }) => countTasks(ctx.repo, input?.filter)),
  cancel: procedure.input(idInput).mutation(({ ctx, input }) => cancelTask(ctx, input.id, actor(ctx))),
  cancelMany: procedure.input(idsInput).mutation(({ ctx, input }) => cancelTasks(ctx, input.ids, actor(ctx))),
  cancelMatching: procedure.input(matchingInput).mutation(({ ctx, input }) =>
    cancelMatching(ctx, input.filter, input.chunk, {
      actor: actor(ctx),
      expectedCount: input.expectedCount,
    }),
  ),
  retry: procedure.input(idInput).mutation(({ ctx, input }) => retryTask(ctx, input.id, actor(ctx))),
  /** Skips the rest of a PENDING task's backoff: it is published now (its attempts are kept). */
  retryNow: procedure.input(idInput).mutation(({ ctx, input }) => retryTaskNow(ctx, input.id, actor(ctx))),
  retryMany: procedure.input(idsInput).mutation(({ ctx, input }) => retryTasks(ctx, input.ids, actor(ctx))),
  retryMatching: procedure.input(matchingInput).mutation(({ ctx, input }) =>
    retryMatching(ctx, input.filter, input.chunk, {
      actor: actor(ctx),
      expectedCount: input.expectedCount,
    }),
  ),
  /** Deletes the finished ones of `ids`, with their timelines (admin). */
  delete: procedure.input(idsInput).mutation(({ ctx, input }) => deleteTasks(ctx.repo, input.ids)),
  /** Deletes up to `chunk` finished tasks matching `filter`; call until `remaining` is 0 (admin). */
  deleteMatching: procedure
    .input(matchingInput)
    .mutation(({ ctx, input }) =>
      deleteMatching(ctx.repo, input.filter, input.chunk, { expectedCount: input.expectedCount }),
    ),
  /** Server-sent events: a tick whenever tasks change (at most every 100 ms). Clients refetch on it. */
  onChange: procedure.subscription(({ ctx, signal }) => watchChanges(ctx.changes, signal)),
});
