import { storableText, TaskError } from "@tps/core";
import { z } from "zod";
import { ROLES } from "../access";
import type { IdentityAdmin } from "./identity";
import { type ApiContext, procedure, router } from "./trpc";

const role = z.enum(ROLES);
const id = storableText("id").min(1).max(200);

function identity(ctx: ApiContext): IdentityAdmin {
  if (!ctx.identity) throw new TaskError("UNAVAILABLE", "user management is not configured here");
  return ctx.identity;
}

/** The caller, as the server sees them: the console shows it in its header. */
export const sessionRouter = router({
  me: procedure.query(({ ctx }) => {
    const { id: principalId, name, role: r, via } = ctx.principal!;
    return { id: principalId, name, role: r, via };
  }),
});

export const usersRouter = router({
  create: procedure
    .input(
      z.object({
        email: z.email().max(254),
        password: z.string().min(12, "password must have at least 12 characters").max(128),
        role,
        name: storableText("name").trim().min(1).max(100).optional(),
      }),
    )
    .mutation(({ ctx, input }) => identity(ctx).createUser(input)),
  list: procedure.query(({ ctx }) => identity(ctx).listUsers()),
  /** Changes a user's role, or disables (signs out everywhere, refuses sign-in) / re-enables them. */
  update: procedure
    .input(z.object({ id, role: role.optional(), disabled: z.boolean().optional() }))
    .mutation(({ ctx, input }) => {
      if (input.id === ctx.principal!.userId && (input.disabled || (input.role && input.role !== "admin"))) {
        throw new TaskError("CONFLICT", "you cannot disable yourself or take away your own admin role");
      }
      return identity(ctx).updateUser(input);
    }),
});

export const apiKeysRouter = router({
  /** Returns the key once; only its hash is stored. */
  create: procedure
    .input(
      z.object({
        name: storableText("name").trim().min(1).max(32),
        role,
        expiresAt: z.iso
          .datetime({ offset: true })
          .refine((s) => Date.parse(s) > Date.now(), "expiresAt must be in the future")
          .optional(),
      }),
    )
    .mutation(({ ctx, input }) => identity(ctx).createApiKey({ ...input, ownerId: ctx.principal!.userId })),
  list: procedure.query(({ ctx }) => identity(ctx).listApiKeys()),
  revoke: procedure
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => identity(ctx).revokeApiKey(input.id)),
});

export const auditRouter = router({
  /** Newest first; pass the last entry's id as `before` for the next page. */
  list: procedure
    .input(
      z
        .object({
          before: z
            .string()
            .regex(/^\d{1,19}$/, "before must be an entry id")
            .nullish(),
          limit: z.number().int().min(1).max(200).default(50),
        })
        .default({ limit: 50 }),
    )
    .query(async ({ ctx, input }) => {
      const items = await ctx.audit.list({ before: input.before ?? null, limit: input.limit });
      return { items, nextCursor: items.length === input.limit ? (items.at(-1)?.id ?? null) : null };
    }),
});
