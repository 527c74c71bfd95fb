"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useTRPC } from "@/trpc/react";

/** Refetches every task query (list pages and counts) now instead of at the next poll. */
export function useInvalidateTasks(): () => Promise<void> {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    () => queryClient.invalidateQueries({ queryKey: trpc.tasks.pathKey() }),
    [queryClient, trpc],
  );
}
