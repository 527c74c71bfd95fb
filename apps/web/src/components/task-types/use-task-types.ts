"use client";

import { useQuery } from "@tanstack/react-query";
import { SLEEP_TYPE } from "@/lib/sleep-type";
import { useTRPC } from "@/trpc/react";
import { usePollInterval } from "../live-updates";

export { SLEEP_TYPE };

/**
 * Every registered task type (schemas, workers online, counts, durations): one query shared by the
 * task types page, the type filter and the create forms.
 *
 * Polled, not refetched on every change tick: workers come and go without a tick, and the query
 * (percentiles per type) is heavier than a page of tasks, so a busy system's ticks should not
 * drive it. The task types page polls every 2 s, the tasks page (names, schemas and the
 * "no worker" notice) every 5 s; faster while the console itself is polling every second.
 */
export function useTaskTypes(pollMs: 2_000 | 5_000 = 5_000) {
  const trpc = useTRPC();
  const refetchInterval = Math.min(usePollInterval(), pollMs);
  return useQuery(
    trpc.taskTypes.list.queryOptions(undefined, { refetchInterval, placeholderData: (previous) => previous }),
  );
}

/**
 * The type names to offer in a select: `sleep` (always registered) first, then the others by name,
 * plus `current` when the list does not have it (yet), so a select never loses its value.
 */
export function typeNames(types: readonly { type: string }[] | undefined, current?: string): string[] {
  const names = new Set([SLEEP_TYPE, ...(types ?? []).map((t) => t.type).sort()]);
  if (current) names.add(current);
  return [...names];
}
