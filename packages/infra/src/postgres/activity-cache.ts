import type { Activity, TaskRepository } from "@tps/core";

export interface ActivityCacheOptions {
  /** Windows at least this long are cached; shorter ones are always computed fresh. */
  minWindowMinutes?: number;
  /** How long a computed long window is served to every caller. */
  ttlMs?: number;
  now?: () => number;
}

/**
 * Throughput over a day or a week aggregates every task finished in it, and each open dashboard
 * asks again on every change tick. Windows that long are computed at most once per `ttlMs` in this
 * process and shared by every caller (a minute-old chart of a week is exact enough); callers that
 * arrive while one computation runs share it. Shorter windows pass straight through.
 */
export function cacheLongActivity(repo: TaskRepository, options: ActivityCacheOptions = {}): TaskRepository {
  const { minWindowMinutes = 24 * 60, ttlMs = 60_000, now = Date.now } = options;
  const cache = new Map<string, { at: number; activity: Promise<Activity> }>();
  const activity: TaskRepository["activity"] = (windowMinutes, bucketSeconds) => {
    if (windowMinutes < minWindowMinutes) return repo.activity(windowMinutes, bucketSeconds);
    const key = `${windowMinutes}/${bucketSeconds}`;
    const hit = cache.get(key);
    if (hit && now() - hit.at < ttlMs) return hit.activity;
    const computed = repo.activity(windowMinutes, bucketSeconds);
    cache.set(key, { at: now(), activity: computed });
    // A failure is not cached: the next caller tries again.
    computed.catch(() => {
      if (cache.get(key)?.activity === computed) cache.delete(key);
    });
    return computed;
  };
  // Every other method is the repository's own.
  return new Proxy(repo, {
    get: (target, name) => (name === "activity" ? activity : Reflect.get(target, name)),
  });
}
