import {
  cancelMatching,
  cancelTask,
  cancelTasks,
  countTasks,
  createdTaskSchema,
  createForCaller,
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
  taskSchema,
} from "@tps/core";
import { z } from "zod";
import { noInput } from "./no-input";
import { type ApiContext, procedure, router } from "./trpc";
import { watchChanges } from "./watch-changes";

/** Who the timeline names for an operator action. */
const actor = (ctx: ApiContext) => ctx.principal?.name ?? null;

/** Whose idempotency keys a create uses: the user behind a session, or the API key itself. */
function keyScope({ principal }: ApiContext): string {
  if (!principal) throw new Error("a create needs a caller"); // the access check refused it already
  return `${principal.via === "apiKey" ? "key" : "user"}:${principal.id}`;
}

export const tasksRouter = router({
  /**
   * `{ type, input }` (checked against the type's registered schema), or `{ payload }` for type `sleep`.
   * A replay of an idempotency key returns its first task with `replayed: true`; another create with
   * the key is a CONFLICT.
   */
  create: procedure
    .input(createInput)
    .output(createdTaskSchema)
    .mutation(async ({ ctx, input }) => {
      const [task] = await createForCaller(ctx, keyScope(ctx), [input], () => "");
      ctx.observe?.tasksCreated(task!.replayed ? 0 : 1);
      return task!;
    }),
  /** Items as `create`; a key conflict in any item refuses the whole call, naming the item. */
  createMany: procedure.input(createManyInput).mutation(async ({ ctx, input }) => {
    const items = await createForCaller(ctx, keyScope(ctx), input.items ?? input.payloads ?? []);
    ctx.observe?.tasksCreated(items.filter((t) => !t.replayed).length);
    return { items };
  }),
  get: procedure
    .input(idInput)
    .output(taskSchema)
    .query(({ ctx, input }) => getTask(ctx.repo, input.id)),
  events: procedure.input(idInput).query(({ ctx, input }) => taskEvents(ctx.repo, input.id)),
  list: procedure.input(listInput).query(({ ctx, input }) => listTasks(ctx.repo, input)),
  /** Counts per status, of all tasks or of those matching `filter`. */
  stats: procedure
    .input(z.strictObject({ filter: taskFilterSchema.optional() }).optional())
    .query(({ ctx, input }) => countTasks(ctx.repo, input?.filter)),
  cancel: procedure
    .input(idInput)
    .output(taskSchema)
    .mutation(({ ctx, input }) => cancelTask(ctx, input.id, actor(ctx))),
  cancelMany: procedure.input(idsInput).mutation(({ ctx, input }) => cancelTasks(ctx, input.ids, actor(ctx))),
  cancelMatching: procedure.input(matchingInput).mutation(({ ctx, input }) =>
    cancelMatching(ctx, input.filter, input.chunk, {
      actor: actor(ctx),
      expectedCount: input.expectedCount,
    }),
  ),
  retry: procedure
    .input(idInput)
    .output(taskSchema)
    .mutation(({ ctx, input }) => retryTask(ctx, input.id, actor(ctx))),
  /** Skips the rest of a PENDING task's backoff: it is published now (its attempts are kept). */
  retryNow: procedure
    .input(idInput)
    .output(taskSchema)
    .mutation(({ ctx, input }) => retryTaskNow(ctx, input.id, actor(ctx))),
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
  onChange: procedure.input(noInput).subscription(({ ctx, signal }) => watchChanges(ctx.changes, signal)),
});
