"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { type TaskQuery, toTaskFilter } from "@/lib/task-query";
import { useTRPC } from "@/trpc/react";
import { usePollInterval } from "../live-updates";

export const PAGE_SIZE = 50;

/**
 * The tasks matching the page's query, page by page, kept live (refetched on every change tick, or
 * polled when server events are not flowing).
 *
 * Every refetch reloads all loaded pages from the top, each page's cursor taken from the page fetched
 * just before it, so the pages never overlap or leave gaps while new tasks arrive: the table always
 * shows the first `pages × PAGE_SIZE` matches. While a new filter loads, the old rows stay (dimmed).
 * `paused`: the rows shown stay as they are (no refetch on ticks or polls) until resumed.
 */
export function useTaskList(query: TaskQuery, paused = false) {
  const trpc = useTRPC();
  const result = useInfiniteQuery(
    trpc.tasks.list.infiniteQueryOptions(
      { filter: toTaskFilter(query), sort: query.sort, limit: PAGE_SIZE },
      {
        getNextPageParam: (page) => page.nextCursor,
        refetchInterval: usePollInterval(),
        // A disabled query keeps its data and is skipped by the live refetches; enabling it again
        // refetches it (its data is stale by then).
        enabled: !paused,
        placeholderData: keepPreviousData,
      },
    ),
  );
  const tasks = result.data?.pages.flatMap((page) => page.items) ?? [];
  return { ...result, tasks };
}
