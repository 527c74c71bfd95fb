/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * `text` as PostgreSQL `text` can hold it: U+0000 (refused in any text) and lone surrogates (no
 * UTF-8 encoding) become U+FFFD. A handler's error message is free text from anywhere; written
 * raw, one such character made the whole settle statement fail, every time.
 */
export const storableText = (text: string): string =>
  text.replace(LONE_SURROGATE, "\ufffd").replaceAll("\u0000", "\ufffd");
