import type { ChangeFeed } from "@tps/core";

const MIN_INTERVAL_MS = 100;

/**
 * Turns the change feed into an async stream of ticks for one subscriber: bursts are coalesced to
 * one tick per 100 ms. Every tick means "something changed": the connection's keep-alive is tRPC's
 * SSE ping (see trpc.ts), which never reaches the subscriber, so idle tabs do not refetch.
 */
export async function* watchChanges(feed: ChangeFeed, signal: AbortSignal | undefined) {
  let pending = true; // the first tick tells the client it is connected
  let wake: (() => void) | null = null;
  const poke = () => {
    pending = true;
    wake?.();
  };
  const unsubscribe = feed.subscribe(poke);
  signal?.addEventListener("abort", poke);
  try {
    while (!signal?.aborted) {
      if (!pending) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      if (signal?.aborted) break;
      pending = false;
      yield { at: Date.now() };
      await new Promise((r) => setTimeout(r, MIN_INTERVAL_MS));
    }
  } finally {
    unsubscribe();
    signal?.removeEventListener("abort", poke);
  }
}
