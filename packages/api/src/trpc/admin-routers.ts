import { auditListInput, storableText, TaskError } from "@tps/core";
import { z } from "zod";
import { ROLES } from "../access";
import type { IdentityAdmin } from "./identity";
import { noInput } from "./no-input";
import { limitsSchema } from "./rate-limit-schema";
import { type ApiContext, procedure, router } from "./trpc";

const role = z.enum(ROLES);
const id = storableText("id").min(1).max(200);

/** A key lives at most 10 years (better-auth refuses longer, and that refusal was a 500). */
const MAX_KEY_DAYS = 3650;
const keyExpiry = z.iso
  .datetime({ offset: true, error: "expiresAt must be an ISO date-time" })
  .refine((s) => Date.parse(s) > Date.now(), "expiresAt must be in the future")
  .refine(
    (s) => Date.parse(s) <= Date.now() + MAX_KEY_DAYS * 86_400_000,
    `expiresAt must be within ${MAX_KEY_DAYS} days`,
  );

function identity(ctx: ApiContext): IdentityAdmin {
  if (!ctx.identity) throw new TaskError("UNAVAILABLE", "user management is not configured here");
  return ctx.identity;
}

/** The caller, as the server sees them: the console shows it in its header. */
export const sessionRouter = router({
  me: procedure.input(noInput).query(({ ctx }) => {
    const { id: principalId, name, role: r, via } = ctx.principal!;
    return { id: principalId, name, role: r, via };
  }),
});

export const usersRouter = router({
  create: procedure
    .input(
      z.strictObject({
        email: z.email().max(254),
        password: z.string().min(12, "password must have at least 12 characters").max(128),
        role,
        name: storableText("name").trim().min(1).max(100).optional(),
      }),
    )
    .mutation(({ ctx, input }) => identity(ctx).createUser(input)),
  list: procedure.input(noInput).query(({ ctx }) => identity(ctx).listUsers()),
  /** Changes a user's role, or disables (signs out everywhere, refuses sign-in) / re-enables them. */
  update: procedure
    .input(z.strictObject({ id, role: role.optional(), disabled: z.boolean().optional() }))
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
      z.strictObject({
        name: storableText("name").trim().min(1).max(32),
        role,
        expiresAt: keyExpiry.optional(),
        /** The key's own rate limits, over its role's (a service key may need 1,000 creates/s). */
        limits: limitsSchema.optional(),
      }),
    )
    .mutation(({ ctx, input }) => identity(ctx).createApiKey({ ...input, ownerId: ctx.principal!.userId })),
  list: procedure.input(noInput).query(({ ctx }) => identity(ctx).listApiKeys()),
  revoke: procedure
    .input(z.strictObject({ id }))
    .mutation(({ ctx, input }) => identity(ctx).revokeApiKey(input.id)),
});

export const auditRouter = router({
  /**
   * Newest first, optionally filtered (auditListInput: actor, procedure, target, taskId, outcome,
   * from/to); pass the last entry's id as `before` for the next page.
   */
  list: procedure.input(auditListInput).query(async ({ ctx, input }) => {
    const items = await ctx.audit.list(input);
    return { items, nextCursor: items.length === input.limit ? (items.at(-1)?.id ?? null) : null };
  }),
});
