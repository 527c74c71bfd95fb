"use client";

import { type QueryFilters, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useTRPC } from "@/trpc/react";

/**
 * Refetches every task and dashboard query now instead of at the next tick or poll.
 *
 * A fetch already in flight is waited for, not cancelled: cancelling it would drop a "Load more"
 * the operator just clicked (the list would refetch its first page only). Once it has landed, the
 * queries are refetched from the top so the change that triggered this call is shown.
 */
export function useInvalidateTasks(): () => Promise<void> {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(async () => {
    const live: QueryFilters[] = [{ queryKey: trpc.tasks.pathKey() }, { queryKey: trpc.dashboard.pathKey() }];
    await Promise.all(
      live.map((filters) =>
        queryClient.refetchQueries({ ...filters, fetchStatus: "fetching" }, { cancelRefetch: false }),
      ),
    );
    await Promise.all(
      live.map((filters) => queryClient.invalidateQueries(filters, { cancelRefetch: false })),
    );
  }, [queryClient, trpc]);
}
