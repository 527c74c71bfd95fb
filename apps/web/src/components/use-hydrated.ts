"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False on the server and while hydrating, true after. A component inside a Suspense boundary that
 * hydrates late must not render query data another component (outside it) already fetched: the
 * server rendered it without, and React reports the difference as a hydration error.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
