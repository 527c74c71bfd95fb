import {
  cancelMatching,
  cancelTask,
  cancelTasks,
  countTasks,
  createInput,
  createManyInput,
  createTasks,
  getTask,
  idInput,
  idsInput,
  listInput,
  listTasks,
  matchingInput,
  retryMatching,
  retryTask,
  retryTasks,
  taskEvents,
  taskFilterSchema,
} from "@tps/core";
import { z } from "zod";
import { publicProcedure, router } from "./trpc";
import { watchChanges } from "./watch-changes";

export const tasksRouter = router({
  create: publicProcedure.input(createInput).mutation(async ({ ctx, input }) => {
    const [task] = await createTasks(ctx, [input]);
    ctx.observe?.tasksCreated(1);
    return task!;
  }),
  createMany: publicProcedure.input(createManyInput).mutation(async ({ ctx, input }) => {
    const items = await createTasks(ctx, input.items ?? input.payloads ?? []);
    ctx.observe?.tasksCreated(items.length);
    return { items };
  }),
  get: publicProcedure.input(idInput).query(({ ctx, input }) => getTask(ctx.repo, input.id)),
  events: publicProcedure.input(idInput).query(({ ctx, input }) => taskEvents(ctx.repo, input.id)),
  list: publicProcedure.input(listInput).query(({ ctx, input }) => listTasks(ctx.repo, input)),
  /** Counts per status, of all tasks or of those matching `filter`. */
  stats: publicProcedure
    .input(z.object({ filter: taskFilterSchema.optional() }).optional())
    .query(({ ctx, input }) => countTasks(ctx.repo, input?.filter)),
  cancel: publicProcedure.input(idInput).mutation(({ ctx, input }) => cancelTask(ctx, input.id)),
  cancelMany: publicProcedure.input(idsInput).mutation(({ ctx, input }) => cancelTasks(ctx, input.ids)),
  cancelMatching: publicProcedure
    .input(matchingInput)
    .mutation(({ ctx, input }) => cancelMatching(ctx, input.filter, input.chunk)),
  retry: publicProcedure.input(idInput).mutation(({ ctx, input }) => retryTask(ctx, input.id)),
  retryMany: publicProcedure.input(idsInput).mutation(({ ctx, input }) => retryTasks(ctx, input.ids)),
  retryMatching: publicProcedure
    .input(matchingInput)
    .mutation(({ ctx, input }) => retryMatching(ctx, input.filter, input.chunk)),
  /** Server-sent events: a tick whenever tasks change (at most every 100 ms). Clients refetch on it. */
  onChange: publicProcedure.subscription(({ ctx, signal }) => watchChanges(ctx.changes, signal)),
});
