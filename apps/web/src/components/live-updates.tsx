"use client";

import { skipToken } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from "react";
import { coalesce } from "@/lib/coalesce";
import { type LiveMode, type LiveState, liveModeFromSearch, pollIntervalMs } from "@/lib/live-mode";
import { useTRPC } from "@/trpc/react";
import { useInvalidateTasks } from "./use-invalidate-tasks";

const LiveContext = createContext<LiveState>("connecting");

/** Whether changes arrive as server events, by polling, or not yet (see lib/live-mode). */
export const useLiveState = () => useContext(LiveContext);

/** The `refetchInterval` for live queries: fast polling unless server events are flowing. */
export const usePollInterval = () => pollIntervalMs(useLiveState());

/**
 * Subscribes to `tasks.onChange` (server-sent events) and refetches every task and dashboard query on
 * each tick; refetches never overlap (ticks during one fold into one more). `?live=poll` in the
 * page's URL skips the subscription, so both modes can be measured.
 */
export function LiveUpdates({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateTasks();
  const [mode, setMode] = useState<LiveMode | null>(null);
  useEffect(() => setMode(liveModeFromSearch(window.location.search)), []);

  const refresh = useMemo(() => coalesce(invalidate), [invalidate]);
  const subscription = useSubscription(
    trpc.tasks.onChange.subscriptionOptions(mode === "sse" ? undefined : skipToken, {
      onData: () => void refresh(),
    }),
  );

  const state: LiveState =
    mode === "poll" || subscription.status === "error"
      ? "polling"
      : subscription.status === "pending"
        ? "live"
        : "connecting";
  return <LiveContext value={state}>{children}</LiveContext>;
}
