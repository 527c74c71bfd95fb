import { z } from "zod";

/**
 * A string that PostgreSQL `text` can hold: anything but U+0000. Input carrying one is refused as
 * input (400, naming the field) instead of failing in the database as an internal error.
 */
export const storableText = (field: string) =>
  z
    .string({ error: `${field} must be a string` })
    .refine((s) => !s.includes("\u0000"), `${field} must not contain NUL characters (U+0000)`);

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Free text (a handler's error message) made storable instead of refused: U+0000 and lone
 * surrogates (no UTF-8 encoding) become U+FFFD. Written raw, one such character made the whole
 * settle statement fail, every time.
 */
export const toStorableText = (text: string): string =>
  text.replace(LONE_SURROGATE, "\ufffd").replaceAll("\u0000", "\ufffd");
