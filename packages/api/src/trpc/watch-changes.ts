import type { ChangeFeed } from "@tps/core";

const MIN_INTERVAL_MS = 100;
const KEEPALIVE_MS = 15_000;

/**
 * Turns the change feed into an async stream of ticks for one subscriber: bursts are coalesced to
 * one tick per 100 ms, and a keep-alive tick every 15 s keeps proxies from closing the stream.
 */
export async function* watchChanges(feed: ChangeFeed, signal: AbortSignal | undefined) {
  let pending = true; // the first tick tells the client it is connected
  let wake: (() => void) | null = null;
  const poke = () => {
    pending = true;
    wake?.();
  };
  const unsubscribe = feed.subscribe(poke);
  const keepalive = setInterval(poke, KEEPALIVE_MS);
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
    clearInterval(keepalive);
    signal?.removeEventListener("abort", poke);
  }
}
