/**
 * Whether a configured secret (ADMIN_API_KEY) looks random enough to stand for an admin: at least
 * 32 characters, no repetition of a shorter string, 12 distinct characters or more, and at least
 * 128 bits by its own character frequencies (Shannon, with the Miller–Madow correction: counted
 * from one short sample, the frequencies understate it by about (distinct − 1) / (2 ln 2) bits, so a
 * generated 32-character base64url key is not refused by bad luck). `openssl rand -hex 32` (64 hex
 * digits, about 240 bits by this measure) passes; "changeme" repeated, one letter or a short
 * alphabet does not.
 * It measures variety, not meaning: a long sentence can pass, so generate the key.
 */
export function weakKeyReason(key: string): string | null {
  if (key.length < 32) return "must have at least 32 characters";
  if (/^(.+)\1+$/s.test(key)) return "must not repeat a shorter string";
  const counts = new Map<string, number>();
  for (const c of key) counts.set(c, (counts.get(c) ?? 0) + 1);
  if (counts.size < 12) return "must use at least 12 different characters";
  const length = [...key].length;
  let bits = 0;
  for (const n of counts.values()) bits -= n * Math.log2(n / length);
  bits += (counts.size - 1) / (2 * Math.LN2);
  if (bits < 128)
    return `looks guessable (about ${Math.floor(bits)} bits): generate one, e.g. openssl rand -hex 32`;
  return null;
}
