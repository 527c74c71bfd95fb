/**
 * Open-loop pacing: the schedule says how many tasks should exist by each moment, independent of
 * how fast the server answers (waiting for answers would hide slowness: coordinated omission).
 */

/** The tick of the pacing loop: one create per tick at low rates, batches every 50 ms above 20/s. */
export function tickMs(rate: number): number {
  return Math.max(50, Math.min(1_000, 1_000 / rate));
}

/** Total tasks the run creates. */
export const totalTasks = (rate: number, durationMs: number) =>
  Math.max(1, Math.round((rate * durationMs) / 1_000));

/** Tasks that should have been sent `elapsedMs` into the run (the first one at once). */
export function dueBy(elapsedMs: number, rate: number, total: number): number {
  if (elapsedMs < 0) return 0;
  return Math.min(total, Math.floor((rate * elapsedMs) / 1_000) + 1);
}

/**
 * Splits `count` tasks due now into calls of at most `batch` payloads (0 = one call).
 * Returns the sizes; a size of 1 is sent as `create`, larger ones as `createMany`.
 */
export function splitIntoCalls(count: number, batch: number): number[] {
  if (count <= 0) return [];
  const size = batch > 0 ? batch : count;
  const calls: number[] = [];
  for (let left = count; left > 0; left -= size) calls.push(Math.min(size, left));
  return calls;
}

/**
 * The role of task number `index` (0-based). A low-discrepancy (golden-ratio) sequence spreads the
 * shares evenly over the run, so any stretch of it has close to the requested ratios, without
 * randomness (reruns pick the same tasks).
 */
export function roleOf(index: number, cancelRatio: number, failRatio: number): "normal" | "cancel" | "fail" {
  const u = (index * 0.618_033_988_749_895) % 1;
  if (u < cancelRatio) return "cancel";
  if (u < cancelRatio + failRatio) return "fail";
  return "normal";
}
