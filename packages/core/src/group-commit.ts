import { DependencyUnavailableError } from "./domain/errors";

export interface GroupCommitOptions<C, R> {
  /** Runs the calls together, in one statement or message batch; one result per call, in order. */
  run(calls: C[]): Promise<R[]>;
  /** What a call weighs against `maxSize` (default 1): a create of 20 tasks weighs 20. */
  weight?(call: C): number;
  /** Most weight one shared run carries; a heavier call runs on its own. Default 1,000. */
  maxSize?: number;
  /** Shared runs at once; calls made meanwhile wait and go out together. Default 2. */
  maxInFlight?: number;
  /** Told the size of each shared run (calls and weight), for metrics. */
  onBatch?(calls: number, weight: number): void;
}

interface Waiting<C, R> {
  call: C;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/**
 * Group commit: concurrent calls share one run. A call made while fewer than `maxInFlight` runs are
 * going starts at once, alone, so an idle system adds no delay; calls made while every slot is busy
 * queue, and the next free slot takes them together, so runs grow with load and a call costs a row
 * in a shared statement instead of round trips of its own. A shared run that fails for another
 * reason than an unreachable dependency is retried call by call: one caller's input cannot fail
 * another caller's call.
 */
export function groupCommit<C, R>(options: GroupCommitOptions<C, R>): (call: C) => Promise<R> {
  const { run, weight = () => 1, maxSize = 1_000, maxInFlight = 2, onBatch } = options;
  const queue: Waiting<C, R>[] = [];
  let running = 0;

  const takeBatch = () => {
    const batch = [queue.shift()!];
    let size = weight(batch[0]!.call);
    while (queue.length > 0 && size + weight(queue[0]!.call) <= maxSize) {
      const next = queue.shift()!;
      size += weight(next.call);
      batch.push(next);
    }
    return { batch, size };
  };

  const runAlone = (waiting: Waiting<C, R>) =>
    run([waiting.call]).then(([result]) => waiting.resolve(result as R), waiting.reject);

  async function runShared(batch: Waiting<C, R>[]) {
    if (batch.length === 1) return runAlone(batch[0]!);
    let results: R[];
    try {
      results = await run(batch.map((w) => w.call));
    } catch (error) {
      if (error instanceof DependencyUnavailableError) for (const w of batch) w.reject(error);
      else await Promise.all(batch.map(runAlone));
      return;
    }
    for (const [i, w] of batch.entries()) w.resolve(results[i] as R);
  }

  const startWhatFits = () => {
    while (running < maxInFlight && queue.length > 0) {
      const { batch, size } = takeBatch();
      onBatch?.(batch.length, size);
      running++;
      void runShared(batch).finally(() => {
        running--;
        startWhatFits();
      });
    }
  };

  return (call) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ call, resolve, reject });
      startWhatFits();
    });
}
