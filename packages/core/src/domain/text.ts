import { z } from "zod";

/**
 * A string that PostgreSQL `text` can hold: anything but U+0000. Input carrying one is refused as
 * input (400, naming the field) instead of failing in the database as an internal error.
 */
export const storableText = (field: string) =>
  z
    .string({ error: `${field} must be a string` })
    .refine((s) => !s.includes("\u0000"), `${field} must not contain NUL characters (U+0000)`);
