"use client";

import { useQuery } from "@tanstack/react-query";
import type { TaskFilter } from "@tps/api/client";
import { useCallback, useState } from "react";
import { useTRPC } from "@/trpc/react";
import { usePollInterval } from "../live-updates";

/**
 * Pausing the task list's live updates: the rows stay still while the operator reads them, and
 * `newCount` says how many tasks matching `filter` were created since the pause (one count query,
 * kept live, only while paused).
 *
 * The pause time is the browser's clock: with a clock far off the server's, the count is off by the
 * tasks created in the difference (the rows themselves are exact once resumed).
 */
export function useLivePause(filter: TaskFilter) {
  const trpc = useTRPC();
  const [pausedAt, setPausedAt] = useState<string | null>(null);
  const since = pausedAt !== null ? sinceFilter(filter, pausedAt) : null;
  const stats = useQuery(
    trpc.tasks.stats.queryOptions(since ? { filter: since } : undefined, {
      enabled: since !== null,
      refetchInterval: usePollInterval(),
      placeholderData: (previous) => previous,
    }),
  );
  const newCount =
    pausedAt === null || since === null || !stats.data
      ? 0
      : Object.values(stats.data).reduce((sum, n) => sum + n, 0);
  const pause = useCallback(() => setPausedAt(new Date().toISOString()), []);
  const resume = useCallback(() => setPausedAt(null), []);
  return { paused: pausedAt !== null, newCount, pause, resume };
}

/** `filter` narrowed to tasks created from `pausedAt` on; null when its range ends before that. */
function sinceFilter(filter: TaskFilter, pausedAt: string): TaskFilter | null {
  if (filter.createdTo && Date.parse(filter.createdTo) < Date.parse(pausedAt)) return null;
  const from =
    filter.createdFrom && Date.parse(filter.createdFrom) > Date.parse(pausedAt)
      ? filter.createdFrom
      : pausedAt;
  return { ...filter, createdFrom: from };
}
