import { createInput, createManyInput, idInput, listInput } from "../domain/task";
import { cancelTask } from "../use-cases/cancel-task";
import { createTasks } from "../use-cases/create-tasks";
import { countTasks, getTask, listTasks } from "../use-cases/read-tasks";
import { retryTask } from "../use-cases/retry-task";
import { publicProcedure, router } from "./trpc";

export const tasksRouter = router({
  create: publicProcedure.input(createInput).mutation(async ({ ctx, input }) => {
    const [task] = await createTasks(ctx, [input.payload]);
    ctx.observe?.tasksCreated(1);
    return task!;
  }),
  createMany: publicProcedure.input(createManyInput).mutation(async ({ ctx, input }) => {
    const items = await createTasks(ctx, input.payloads);
    ctx.observe?.tasksCreated(items.length);
    return { items };
  }),
  get: publicProcedure.input(idInput).query(({ ctx, input }) => getTask(ctx.repo, input.id)),
  list: publicProcedure.input(listInput).query(({ ctx, input }) => listTasks(ctx.repo, input)),
  stats: publicProcedure.query(({ ctx }) => countTasks(ctx.repo)),
  cancel: publicProcedure.input(idInput).mutation(({ ctx, input }) => cancelTask(ctx, input.id)),
  retry: publicProcedure.input(idInput).mutation(({ ctx, input }) => retryTask(ctx, input.id)),
});
