"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { AppRouter } from "@tps/api/client";
import type { inferRouterOutputs } from "@trpc/server";
import { useCallback, useEffect, useState } from "react";
import { useTRPC } from "@/trpc/react";
import { usePollInterval } from "../live-updates";

/** A schedule as `schedules.list` / `get` return it. */
export type Schedule = inferRouterOutputs<AppRouter>["schedules"]["get"];

/**
 * Every schedule, polled every 2 s (faster while the console polls every second): ticks create
 * tasks on their own clock, so next runs and last tasks move without anyone acting.
 */
export function useSchedules() {
  const trpc = useTRPC();
  const refetchInterval = Math.min(usePollInterval(), 2_000);
  return useQuery(
    trpc.schedules.list.queryOptions(undefined, { refetchInterval, placeholderData: (previous) => previous }),
  );
}

/** Refetches the schedules now (after a create, edit, toggle or delete). */
export function useInvalidateSchedules(): () => Promise<void> {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    () => queryClient.invalidateQueries({ queryKey: trpc.schedules.pathKey() }),
    [queryClient, trpc],
  );
}

/** `value` once it has stopped changing for `ms` (a preview per pause in typing, not per key). */
export function useDebounced<T>(value: T, ms = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
