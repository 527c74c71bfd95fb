import { NotFoundError, UnavailableError } from "./errors";
import type { Task, TaskStatus } from "./router";
import type { TaskSource } from "./wait-for";

/** An in-memory task store with a change feed whose subscription can be made to fail. */
export function fakeTaskSource(statuses: Record<number, TaskStatus>) {
  const tasks = new Map(Object.entries(statuses).map(([id, status]) => [Number(id), status]));
  const listeners = new Set<() => void>();
  const state = { reads: 0, subscribeFails: false, outage: false, subscribers: 0 };
  const source: TaskSource = {
    async getTask(id) {
      state.reads++;
      if (state.outage) throw new UnavailableError("database is unavailable");
      const status = tasks.get(id);
      if (!status) throw new NotFoundError(`task ${id} not found`);
      return { id, status } as Task;
    },
    changes: {
      subscribe(onTick, onError) {
        if (state.subscribeFails) {
          queueMicrotask(() => onError(new Error("no EventSource")));
          return () => {};
        }
        listeners.add(onTick);
        state.subscribers++;
        return () => {
          if (listeners.delete(onTick)) state.subscribers--;
        };
      },
    },
  };
  return {
    source,
    state,
    /** Changes a status, and ticks subscribers unless `silent`. */
    set(id: number, status: TaskStatus, silent = false) {
      tasks.set(id, status);
      if (!silent) for (const tick of listeners) tick();
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
