import { createHash, timingSafeEqual } from "node:crypto";

const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * Whether a request may read metrics: always when no token is configured, else only with
 * `Authorization: Bearer <token>` (compared in constant time).
 */
export function metricsAllowed(token: string | undefined, authorization: string | null | undefined): boolean {
  if (!token) return true;
  const given = authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim() ?? "";
  return timingSafeEqual(digest(given), digest(token));
}
