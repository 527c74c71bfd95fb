"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import type { TaskStatus } from "@tps/api/client";
import { useTRPC } from "@/trpc/react";

export const PAGE_SIZE = 50;

/**
 * The newest tasks (optionally of one status), page by page, kept live by polling every second.
 *
 * Every poll refetches all loaded pages from the top, each page's cursor taken from the page fetched
 * just before it, so the pages never overlap or leave gaps while new tasks arrive: the table always
 * shows the newest `pages × PAGE_SIZE` tasks. A poll costs one small request per loaded page, and
 * a poll never starts while the previous one is still running.
 */
export function useTaskList(status: TaskStatus | undefined) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.tasks.list.infiniteQueryOptions(
      { status, limit: PAGE_SIZE },
      {
        getNextPageParam: (page) => page.nextCursor,
        refetchInterval: 1_000,
      },
    ),
  );
  const tasks = query.data?.pages.flatMap((page) => page.items) ?? [];
  return { ...query, tasks };
}
