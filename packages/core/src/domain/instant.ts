import { z } from "zod";

/**
 * An instant PostgreSQL can store and compare: an ISO date-time in the years 0001-9999 (it has no
 * year 0, and JavaScript's extended years such as +275760 are out of its range). Checked at the door
 * so such a date is a 400 naming the field, not a database error.
 */
export function isStorableInstant(text: string): boolean {
  const at = Date.parse(text);
  if (Number.isNaN(at)) return false;
  const year = new Date(at).getUTCFullYear();
  return year >= 1 && year <= 9999;
}

/** An ISO date-time (with offset) PostgreSQL can store; `field` names it in the error. */
export const instant = (field: string) =>
  z.iso
    .datetime({ offset: true, error: `${field} must be an ISO date-time` })
    .refine(isStorableInstant, `${field} must lie between the years 0001 and 9999`);
