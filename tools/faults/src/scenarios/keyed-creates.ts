import { sleep } from "../processes";
import type { FaultSystem } from "../system";

/**
 * Creates one task per key (`<prefix><n>`, n < count) with `tasks.create` and an idempotency key,
 * `clients` callers at a time, each retrying its key (same key, same payload) after any error
 * until the API acknowledges it or `deadlineMs` passes, as a client with retries would. Returns
 * every id the API acknowledged per key (a replay must name the same task), how many calls failed
 * and how many keys were never acknowledged.
 */
export async function keyedCreates(
  system: FaultSystem,
  options: { prefix: string; count: number; clients: number; deadlineMs: number },
) {
  const acknowledged = new Map<string, number[]>();
  let failedCalls = 0;
  let next = 0;
  const deadline = Date.now() + options.deadlineMs;
  async function createKey(key: string) {
    while (Date.now() < deadline) {
      try {
        const task = await system.client.tasks.create.mutate(
          { payload: `payload of ${key}`, idempotencyKey: key },
          { signal: AbortSignal.timeout(5_000) },
        );
        acknowledged.set(key, [...(acknowledged.get(key) ?? []), Number(task.id)]);
        return;
      } catch {
        failedCalls++;
        await sleep(250);
      }
    }
  }
  async function caller() {
    while (next < options.count) {
      const key = `${options.prefix}${next++}`;
      await createKey(key);
      // Now and then a caller repeats a create it already has (a retry whose first answer was lost).
      if (next % 7 === 0) await createKey(key);
    }
  }
  await Promise.all(Array.from({ length: options.clients }, caller));
  return { acknowledged, failedCalls, unacknowledged: options.count - acknowledged.size };
}
