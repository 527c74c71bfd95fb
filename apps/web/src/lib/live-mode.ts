/**
 * How the console learns about changes. `sse`: a tRPC subscription ticks on every change and a slow
 * poll is only a safety net. `poll`: polling every second (forced with `?live=poll`, and the fallback
 * while the subscription is connecting or broken).
 */
export type LiveMode = "sse" | "poll";
export type LiveState = "connecting" | "live" | "polling";

export const FAST_POLL_MS = 1_000;
export const SAFETY_POLL_MS = 15_000;

/** `?live=poll` forces polling only (to compare both modes); anything else uses SSE. */
export function liveModeFromSearch(search: string): LiveMode {
  return new URLSearchParams(search).get("live") === "poll" ? "poll" : "sse";
}

/** The poll interval for the current state: fast unless a live subscription is delivering ticks. */
export function pollIntervalMs(state: LiveState): number {
  return state === "live" ? SAFETY_POLL_MS : FAST_POLL_MS;
}

export function describeLiveState(state: LiveState): string {
  if (state === "live") return "Live (server events)";
  if (state === "polling") return "Live (polling every second)";
  return "Connecting…";
}

/**
 * The header's visible word for the state ("Live", "Polling"); the full sentence above goes in its
 * tooltip and to screen readers. The header has to fit one line at 1280 px with every page linked.
 */
export function shortLiveState(state: LiveState): string {
  if (state === "live") return "Live";
  if (state === "polling") return "Polling";
  return "Connecting…";
}
