import { attemptsOf } from "../ledger";
import { sleep } from "../processes";
import type { FaultSystem } from "../system";

/**
 * Creates `count` tasks in equal batches every 250 ms over `overMs`, pushing their ids to `ids`
 * as they come (so faults and cancels can act on them). Failed calls (during an outage) are counted.
 */
export async function createSpread(
  system: FaultSystem,
  ids: number[],
  options: {
    count: number;
    overMs: number;
    prefix: string;
    failEvery?: number;
    payload?: string;
    /** Typed `test.echo` tasks (the SDK-defined test type) instead of `sleep` payloads. */
    typed?: boolean;
  },
) {
  const ticks = Math.max(1, Math.ceil(options.overMs / 250));
  const per = Math.ceil(options.count / ticks);
  let failedCalls = 0;
  let sampleError = "";
  const calls: Promise<void>[] = [];
  for (let n = 0; n * per < options.count; n++) {
    const payloads = Array.from({ length: Math.min(per, options.count - n * per) }, (_, i) => {
      const k = n * per + i;
      if (options.failEvery && k % options.failEvery === 0) return `fail:${options.prefix}-${k}`;
      return options.payload ?? `${options.prefix}-${k}`;
    });
    const creating = options.typed
      ? system.createTypedTasks(payloads.map((p) => ({ tag: p, fail: p.startsWith("fail:") })))
      : system.createTasks(payloads);
    calls.push(
      creating.then(
        (created) => void ids.push(...created),
        (error: unknown) => {
          failedCalls++;
          sampleError ||= String(error).slice(0, 200);
        },
      ),
    );
    await sleep(250);
  }
  await Promise.all(calls);
  return { failedCalls, sampleError };
}

/**
 * Until `until` settles, every `everyMs` cancels `perTick` random ids among those created so far
 * (mostly recent ones: pending or running; some finished). Returns the acknowledged ids and how the API answered.
 */
export async function cancelThroughout(
  system: FaultSystem,
  ids: readonly number[],
  until: Promise<unknown>,
  options: { everyMs: number; perTick: number; timeoutMs?: number; maxInFlight?: number },
) {
  let done = false;
  void until.finally(() => {
    done = true;
  });
  const acknowledged = new Set<number>();
  let sent = 0;
  let timedOut = 0;
  let errors = 0;
  let sampleError = "";
  let slowestMs = 0;
  const calls: Promise<void>[] = [];
  let inFlight = 0;
  while (!done) {
    await sleep(options.everyMs);
    // A storm, not an overload: past `maxInFlight` unanswered cancels, a tick is skipped.
    if (ids.length === 0 || inFlight >= (options.maxInFlight ?? 60)) continue;
    // Mostly recent ids (likely still pending or running), some from anywhere (likely finished).
    const recent = Math.max(0, ids.length - 300);
    const pick = Array.from({ length: options.perTick }, () => {
      const from = Math.random() < 0.7 ? recent : 0;
      return ids[from + Math.floor(Math.random() * (ids.length - from))]!;
    });
    const unique = [...new Set(pick)];
    sent += unique.length;
    inFlight += unique.length;
    // Not awaited: a slow answer must not slow the storm down.
    calls.push(
      system.cancel(unique, options.timeoutMs).then((result) => {
        inFlight -= unique.length;
        timedOut += result.timedOut;
        errors += result.errors;
        sampleError ||= result.sampleError;
        slowestMs = Math.max(slowestMs, result.slowestMs);
        for (const id of result.acknowledged) acknowledged.add(id);
      }),
    );
  }
  await Promise.all(calls);
  return { acknowledged: [...acknowledged], sent, timedOut, errors, sampleError, slowestMs };
}

/** Waits until at least `count` tasks are PROCESSING (work is running), up to `timeoutMs`. */
export async function untilProcessing(system: FaultSystem, count: number, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await system.db.idsIn("PROCESSING", count)).length >= count) return;
    await sleep(100);
  }
  throw new Error(`fewer than ${count} tasks were ever PROCESSING`);
}

/**
 * Waits until the work of each of `ids` has started (a start line in the ledger): a task is
 * PROCESSING in the database a moment before its consumer starts the work.
 */
export async function untilStarted(system: FaultSystem, ids: readonly number[], timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const started = new Set(attemptsOf(system.ledger()).attempts.map((a) => a.task));
    if (ids.every((id) => started.has(id))) return;
    await sleep(20);
  }
  throw new Error(`the work of ${ids.length} PROCESSING tasks did not start within ${timeoutMs} ms`);
}
