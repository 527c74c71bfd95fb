// What the console's overview reads besides the tasks: live consumers, queue depth and changes.

export interface ConsumerInfo {
  id: string;
  hostname: string;
  startedAt: string;
  lastSeenAt: string;
  inFlight: number;
  prefetch: number;
  /** The tasks it is running now (PROCESSING under its lease), longest-running first, at most 10. */
  runningTaskIds: number[];
}

/** Consumers announce themselves; the console shows the live ones. */
export interface ConsumerDirectory {
  /** Consumers seen within the last `withinMs`. */
  live(withinMs: number): Promise<ConsumerInfo[]>;
}

/** Messages ready in the task queue, or null when the broker cannot be asked. */
export interface QueueProbe {
  depth(): Promise<number | null>;
}

/** Fires (coalesced) whenever tasks change; `subscribe` returns the unsubscribe function. */
export interface ChangeFeed {
  subscribe(listener: () => void): () => void;
}
