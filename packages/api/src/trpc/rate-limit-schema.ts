import { z } from "zod";
import { ROLES, type Role } from "../access";
import type { Limits, Rate } from "./rate-limit";

/** A rate without a burst allows 4 seconds' worth at once. */
export const defaultBurst = (perSecond: number) => Math.max(1, Math.round(perSecond * 4));

export const rateSchema = z
  .object({
    perSecond: z.number().positive().max(100_000),
    burst: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict()
  .transform(
    (rate): Rate => ({ perSecond: rate.perSecond, burst: rate.burst ?? defaultBurst(rate.perSecond) }),
  );

const streamsSchema = z.number().int().min(1).max(10_000);

/** An API key's own limits (apiKeys.create; stored in the key's metadata). */
export const limitsSchema = z
  .object({
    creates: rateSchema.optional(),
    bulk: rateSchema.optional(),
    calls: rateSchema.optional(),
    streams: streamsSchema.optional(),
  })
  .strict();

/** A role's limits over the defaults; `null` lifts one. */
const roleOverrideSchema = z
  .object({
    creates: rateSchema.nullable().optional(),
    bulk: rateSchema.nullable().optional(),
    calls: rateSchema.nullable().optional(),
    streams: streamsSchema.nullable().optional(),
  })
  .strict();

/**
 * The RATE_LIMITS setting: per role, limits over the defaults, and the refused-calls rule, e.g.
 * `{"operator":{"creates":{"perSecond":200}},"viewer":{"streams":5},"refused":{"points":20,"seconds":300}}`.
 */
export const rateLimitsSettingSchema = z
  .object({
    ...(Object.fromEntries(ROLES.map((role) => [role, roleOverrideSchema.optional()])) as Record<
      Role,
      z.ZodOptional<typeof roleOverrideSchema>
    >),
    refused: z
      .object({ points: z.number().int().min(1).max(100_000), seconds: z.number().int().min(1).max(86_400) })
      .strict()
      .optional(),
  })
  .strict();

export type RateLimitsSetting = z.infer<typeof rateLimitsSettingSchema>;

/** Parses RATE_LIMITS (JSON); throws with the reason when it is not valid. */
export function parseRateLimitsSetting(json: string | undefined): RateLimitsSetting {
  if (!json?.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error("RATE_LIMITS is not valid JSON");
  }
  const parsed = rateLimitsSettingSchema.safeParse(value);
  if (!parsed.success) throw new Error(`RATE_LIMITS: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The limits stored in an API key's metadata (an object, or its JSON text); undefined when none or invalid. */
export function keyLimitsOf(metadata: unknown): Limits | undefined {
  let value = metadata;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  const limits = (value as { limits?: unknown } | null)?.limits;
  if (limits === undefined) return undefined;
  const parsed = limitsSchema.safeParse(limits);
  return parsed.success ? parsed.data : undefined;
}
