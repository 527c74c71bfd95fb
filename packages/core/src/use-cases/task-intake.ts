import { DependencyUnavailableError } from "../domain/errors";
import type { NewTask, Task } from "../domain/task";
import { createTasks } from "./create-tasks";
import type { PublishDeps } from "./publish-now";

type Items = readonly (string | NewTask)[];

/** Where API calls create tasks. Concurrent calls share one insert, one publish and one publish mark. */
export interface TaskIntake {
  /** Creates `items` as `createTasks` does; resolves with this call's tasks only, in input order. */
  create(items: Items): Promise<Task[]>;
}

/**
 * How a shared create runs in its callers' context (tracing): `capture` is called in each caller's
 * context, `run` runs the shared create given every caller's capture, in call order.
 */
export interface CallerScope<C = unknown> {
  capture(): C;
  run<T>(callers: readonly C[], work: () => Promise<T>): Promise<T>;
}

export interface TaskIntakeOptions {
  /** Most tasks one shared create carries; a bigger call runs on its own. Default 1,000. */
  maxTasks?: number;
  /** Shared creates running at once; calls arriving meanwhile wait and go out together. Default 2. */
  maxInFlight?: number;
  /** Told the size of each shared create (calls and tasks), for metrics. */
  onBatch?(calls: number, tasks: number): void;
  scope?: CallerScope;
}

interface Waiting {
  items: Items;
  caller: unknown;
  resolve(tasks: Task[]): void;
  reject(error: unknown): void;
}

const unscoped: CallerScope = { capture: () => undefined, run: (_, work) => work() };

/**
 * Group commit for creates. A call made while fewer than `maxInFlight` creates run starts at once,
 * alone, so an idle system adds no delay; calls made while all slots are busy queue and the next free
 * slot takes them together: batches grow with load, and a task costs one row in a shared statement
 * instead of three round trips of its own. A shared create that fails for another reason than an
 * unreachable dependency is retried call by call, so one caller's items cannot fail another's call.
 */
export function createTaskIntake(deps: PublishDeps, options: TaskIntakeOptions = {}): TaskIntake {
  const { maxTasks = 1_000, maxInFlight = 2, onBatch, scope = unscoped } = options;
  const queue: Waiting[] = [];
  let running = 0;

  const takeBatch = () => {
    const batch = [queue.shift()!];
    let tasks = batch[0]!.items.length;
    while (queue.length > 0 && tasks + queue[0]!.items.length <= maxTasks) {
      const next = queue.shift()!;
      tasks += next.items.length;
      batch.push(next);
    }
    return { batch, tasks };
  };

  const createAlone = (call: Waiting) =>
    scope.run([call.caller], () => createTasks(deps, call.items)).then(call.resolve, call.reject);

  async function runShared(batch: Waiting[]) {
    if (batch.length === 1) return createAlone(batch[0]!);
    let created: Task[];
    try {
      created = await scope.run(
        batch.map((c) => c.caller),
        () =>
          createTasks(
            deps,
            batch.flatMap((c) => c.items),
          ),
      );
    } catch (error) {
      if (error instanceof DependencyUnavailableError) {
        for (const call of batch) call.reject(error);
      } else {
        await Promise.all(batch.map(createAlone));
      }
      return;
    }
    let offset = 0;
    for (const call of batch) {
      call.resolve(created.slice(offset, offset + call.items.length));
      offset += call.items.length;
    }
  }

  const startWhatFits = () => {
    while (running < maxInFlight && queue.length > 0) {
      const { batch, tasks } = takeBatch();
      onBatch?.(batch.length, tasks);
      running++;
      void runShared(batch).finally(() => {
        running--;
        startWhatFits();
      });
    }
  };

  return {
    create(items) {
      return new Promise<Task[]>((resolve, reject) => {
        queue.push({ items, caller: scope.capture(), resolve, reject });
        startWhatFits();
      });
    },
  };
}
