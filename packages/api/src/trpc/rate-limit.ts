/** Token buckets per key (a principal): `burst` calls at once, refilled at `perSecond`. */
export interface RateLimiter {
  /** 0 when the call may go ahead (a token is taken), else the seconds until one is available. */
  take(key: string): number;
}

export function createRateLimiter(options: {
  perSecond: number;
  burst: number;
  now?: () => number;
}): RateLimiter {
  const { perSecond, burst } = options;
  const now = options.now ?? Date.now;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key) {
      if (perSecond <= 0) return 0; // disabled
      const t = now();
      const bucket = buckets.get(key) ?? { tokens: burst, at: t };
      bucket.tokens = Math.min(burst, bucket.tokens + ((t - bucket.at) / 1000) * perSecond);
      bucket.at = t;
      buckets.set(key, bucket);
      if (buckets.size > 10_000) buckets.delete(buckets.keys().next().value!); // bounded memory
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
    },
  };
}
