import { z } from "zod";
import { instant } from "./instant";

/** The longest a task may be delayed, and the longest it may wait to start: one year. */
export const MAX_DELAY_MS = 31_536_000_000;
/** The shortest time to live: a second (less could expire a task on a slow publish alone). */
export const MIN_TTL_MS = 1_000;
export const MAX_PRIORITY = 9;

/** `lastError` of a task that ended CANCELED because it was not started within its `ttlMs`. */
export const EXPIRED_ERROR = "expired";

/**
 * When and how urgently a task runs, on any create item: `runAt` (ISO) or `delayMs`, not both;
 * `ttlMs`: not started within it after its run time, it ends CANCELED ("expired"); `priority` 0-9,
 * higher starts first.
 */
export const runOptionsShape = {
  runAt: instant("runAt").optional(),
  delayMs: z
    .number({ error: "delayMs must be a number of milliseconds" })
    .int("delayMs must be a whole number of milliseconds")
    .min(0, "delayMs must not be negative")
    .max(MAX_DELAY_MS, `delayMs must be at most ${MAX_DELAY_MS} (one year)`)
    .optional(),
  ttlMs: z
    .number({ error: "ttlMs must be a number of milliseconds" })
    .int("ttlMs must be a whole number of milliseconds")
    .min(MIN_TTL_MS, `ttlMs must be at least ${MIN_TTL_MS} (one second)`)
    .max(MAX_DELAY_MS, `ttlMs must be at most ${MAX_DELAY_MS} (one year)`)
    .optional(),
  priority: z
    .number({ error: "priority must be a number" })
    .int("priority must be a whole number from 0 to 9")
    .min(0, "priority must be from 0 to 9")
    .max(MAX_PRIORITY, "priority must be from 0 to 9")
    .optional(),
};

export interface RunOptions {
  runAt?: string;
  delayMs?: number;
  ttlMs?: number;
  priority?: number;
}

/** Refusals the field schemas cannot see alone: both runAt and delayMs, a runAt over a year ahead. */
export function runOptionIssues(
  item: RunOptions,
  now: number = Date.now(),
): { path: string[]; message: string }[] {
  if (item.runAt !== undefined && item.delayMs !== undefined)
    return [{ path: ["delayMs"], message: "give either runAt or delayMs, not both" }];
  if (item.runAt !== undefined && Date.parse(item.runAt) - now > MAX_DELAY_MS)
    return [{ path: ["runAt"], message: "runAt must be at most one year ahead" }];
  return [];
}

/** When the task may first start and when it expires (ISO), from the options, `now` being the create. */
export function runTimesOf(
  item: RunOptions,
  now: number = Date.now(),
): { availableAt?: string; expiresAt?: string } {
  const requested = item.runAt !== undefined ? Date.parse(item.runAt) : now + (item.delayMs ?? 0);
  // A runAt in the past is "now"; so is a delay of 0 (the database's clock then decides).
  const runAt = requested > now ? requested : null;
  const start = runAt ?? now;
  return {
    ...(runAt === null ? {} : { availableAt: new Date(runAt).toISOString() }),
    ...(item.ttlMs === undefined ? {} : { expiresAt: new Date(start + item.ttlMs).toISOString() }),
  };
}
