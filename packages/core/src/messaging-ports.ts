// How a task reaches the workers: its message on the broker, and the fast path of its cancel.

/** A task as its message needs it: the id, and the type and priority that pick the queue. */
export interface TaskRef {
  id: number;
  type: string;
  /** 0-9; 0 (or absent) goes to the type's queue, higher to its priority lane. */
  priority?: number;
}

/** Publishes task messages (each to its type's queue); resolves only after the broker confirmed every one. */
export interface TaskPublisher {
  publish(tasks: readonly TaskRef[]): Promise<void>;
}

/** The fast path of cancel: a flag the consumer checks and a signal that aborts running work. */
export interface CancelSignal {
  announce(ids: readonly number[]): Promise<void>;
}
