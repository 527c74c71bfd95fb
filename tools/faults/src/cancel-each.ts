import type { TasksClient } from "@tps/api/client";

/**
 * Cancels each id through `tasks.cancel`, each call bounded by `timeoutMs`. Returns the ids the
 * API acknowledged, how many calls timed out, other errors (a 409 for a finished task is not
 * one) with a sample message, and the slowest answer.
 */
export async function cancelEach(client: TasksClient, ids: readonly number[], timeoutMs: number) {
  let slowestMs = 0;
  let timedOut = 0;
  let errors = 0;
  let sampleError = "";
  const results = await Promise.all(
    ids.map(async (id) => {
      const started = Date.now();
      try {
        await client.tasks.cancel.mutate({ id }, { signal: AbortSignal.timeout(timeoutMs) });
        return id;
      } catch (error) {
        const code = (error as { data?: { code?: string } }).data?.code;
        if (Date.now() - started >= timeoutMs - 50 || /abort/i.test(String(error))) timedOut++;
        else if (code !== "CONFLICT") {
          errors++;
          sampleError ||= String(error).slice(0, 200);
        }
        return null;
      } finally {
        slowestMs = Math.max(slowestMs, Date.now() - started);
      }
    }),
  );
  const acknowledged = results.filter((id): id is number => id !== null);
  return { acknowledged, timedOut, errors, sampleError, slowestMs };
}
