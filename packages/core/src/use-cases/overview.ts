import { ACTIVITY_RANGES, type ActivityRange, DEFAULT_ACTIVITY_RANGE } from "../domain/activity-range";
import type { TaskCounts } from "../domain/task";
import type { Activity, ConsumerDirectory, ConsumerInfo, QueueProbe, TaskRepository } from "../ports";

export interface OverviewDeps {
  repo: TaskRepository;
  consumers: ConsumerDirectory;
  queue: QueueProbe;
}

export interface Overview {
  counts: TaskCounts;
  activity: Activity;
  queueDepth: number | null;
  consumers: ConsumerInfo[];
  range: ActivityRange;
  windowMinutes: number;
  bucketSeconds: number;
}

/** Consumers heartbeat every 5 s; one silent for 15 s is not shown as online. */
export const CONSUMER_LIVENESS_MS = 15_000;

/** Everything the dashboard shows, fetched in parallel; throughput and latency over `range`. */
export async function getOverview(
  deps: OverviewDeps,
  range: ActivityRange = DEFAULT_ACTIVITY_RANGE,
): Promise<Overview> {
  const { windowMinutes, bucketSeconds } = ACTIVITY_RANGES[range];
  const [counts, activity, queueDepth, consumers] = await Promise.all([
    deps.repo.countByStatus(),
    deps.repo.activity(windowMinutes, bucketSeconds),
    deps.queue.depth().catch(() => null),
    deps.consumers.live(CONSUMER_LIVENESS_MS),
  ]);
  return { counts, activity, queueDepth, consumers, range, windowMinutes, bucketSeconds };
}
