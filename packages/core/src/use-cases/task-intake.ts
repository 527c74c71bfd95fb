import type { CreatedTask } from "../domain/idempotency";
import type { NewTask } from "../domain/task";
import { type GroupCommitOptions, groupCommit } from "../group-commit";
import { createTasks } from "./create-tasks";
import type { PublishDeps } from "./publish-now";

type Items = readonly (string | NewTask)[];

/** Where API calls create tasks. Concurrent calls share one insert, one publish and one publish mark. */
export interface TaskIntake {
  /**
   * Creates `items` as `createTasks` does; resolves with this call's tasks only, in input order.
   * A call whose idempotency key conflicts fails alone (its shared create is rerun call by call).
   */
  create(items: Items): Promise<CreatedTask[]>;
}

/**
 * How a shared create runs in its callers' context (tracing): `capture` is called in each caller's
 * context, `run` runs the shared create given every caller's capture, in call order.
 */
export interface CallerScope<C = unknown> {
  capture(): C;
  run<T>(callers: readonly C[], work: () => Promise<T>): Promise<T>;
}

export interface TaskIntakeOptions extends Pick<GroupCommitOptions<never, never>, "maxInFlight" | "onBatch"> {
  /** Most tasks one shared create carries; a bigger call runs on its own. Default 1,000. */
  maxTasks?: number;
  scope?: CallerScope;
}

const unscoped: CallerScope = { capture: () => undefined, run: (_, work) => work() };

/**
 * Creates through a group commit (see groupCommit): a call on an idle system runs at once, alone;
 * calls made while earlier creates run go out together, one row each in the same statements.
 */
export function createTaskIntake(deps: PublishDeps, options: TaskIntakeOptions = {}): TaskIntake {
  const { maxTasks, maxInFlight, onBatch, scope = unscoped } = options;
  const create = groupCommit<{ items: Items; caller: unknown }, CreatedTask[]>({
    maxSize: maxTasks,
    maxInFlight,
    onBatch,
    weight: (call) => call.items.length,
    run: async (calls) => {
      const created = await scope.run(
        calls.map((c) => c.caller),
        () =>
          createTasks(
            deps,
            calls.flatMap((c) => c.items),
          ),
      );
      let end = 0;
      return calls.map(({ items }) => {
        end += items.length;
        return created.slice(end - items.length, end);
      });
    },
  });
  return { create: (items) => create({ items, caller: scope.capture() }) };
}
