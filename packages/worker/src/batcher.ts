export interface Batcher<T> {
  add(item: T): void;
  /** Flushes what is queued and waits until every flush has finished. */
  drain(): Promise<void>;
  readonly pending: number;
}

export interface BatcherOptions<T> {
  maxSize: number;
  /** How long the first item of a batch may wait for company. */
  maxWaitMs: number;
  flush(items: T[]): Promise<void>;
  onError(error: unknown, items: T[]): void;
}

/**
 * Groups items into batches by size or time window and flushes one batch at a time. While a flush
 * runs, new items queue up and go out together in the next one, so batches grow with load.
 */
export function createBatcher<T>(options: BatcherOptions<T>): Batcher<T> {
  let queue: T[] = [];
  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<void> | null = null;

  const schedule = () => {
    if (flushing || queue.length === 0) return;
    if (queue.length >= options.maxSize) {
      run();
    } else {
      timer ??= setTimeout(run, options.maxWaitMs);
    }
  };

  const run = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (flushing || queue.length === 0) return;
    const items = queue.slice(0, options.maxSize);
    queue = queue.slice(options.maxSize);
    flushing = options
      .flush(items)
      .catch((error: unknown) => options.onError(error, items))
      .finally(() => {
        flushing = null;
        schedule();
      });
  };

  return {
    add(item) {
      queue.push(item);
      schedule();
    },
    async drain() {
      while (flushing || queue.length > 0) {
        run();
        await flushing;
      }
    },
    get pending() {
      return queue.length;
    },
  };
}
