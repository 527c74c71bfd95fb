export interface ChunkResult {
  /** Tasks changed by this call. */
  changed: number;
  /** Tasks that could still be changed after it (0 when done). */
  remaining: number;
}

export interface Progress {
  done: number;
  remaining: number;
}

/**
 * Calls `step` until it reports nothing remaining, reporting progress after each call. Stops early
 * when `signal` aborts, or when a call changes nothing although some remain (another actor keeps
 * adding matching tasks, or they cannot be changed right now): looping on would never end.
 */
export async function runUntilDone(
  step: () => Promise<ChunkResult>,
  onProgress: (progress: Progress) => void,
  signal?: AbortSignal,
): Promise<Progress & { stalled: boolean }> {
  let done = 0;
  for (;;) {
    const { changed, remaining } = await step();
    done += changed;
    onProgress({ done, remaining });
    if (remaining === 0 || signal?.aborted) return { done, remaining, stalled: false };
    if (changed === 0) return { done, remaining, stalled: true };
  }
}

/** Share of the work done, 0..1; a run with nothing to do counts as complete. */
export function progressRatio({ done, remaining }: Progress): number {
  const total = done + remaining;
  return total === 0 ? 1 : done / total;
}
