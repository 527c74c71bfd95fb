"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";
import { usePollInterval } from "./live-updates";

/** The processing switch (paused or running, by whom), refetched on every live-update tick. */
export function useProcessing() {
  const trpc = useTRPC();
  return useQuery(trpc.processing.status.queryOptions(undefined, { refetchInterval: usePollInterval() }));
}
