import type {
  DeadLetter,
  DeadLetterPage,
  DeadLetterSelection,
  PurgeResult,
  RedriveResult,
} from "./domain/dead-letter";
import type { ProcessingState } from "./domain/processing";

// What admins steer: the processing switch and the dead-letter queue.

/**
 * The processing switch (one row in storage). `pause` while paused and `resume` while running
 * change nothing and return the state in force; every call returns the state after it.
 */
export interface ProcessingControl {
  status(): Promise<ProcessingState>;
  pause(actor: string, reason?: string | null): Promise<ProcessingState>;
  resume(actor: string): Promise<ProcessingState>;
}

/**
 * The dead-letter queue, as the console sees it. Keys come from `list`. Every action handles at most
 * MAX_DEAD_LETTERS_PER_CALL messages, and with `all` only those already in the queue when it starts
 * (a redriven message that dies again is not picked up twice). Throws DependencyUnavailableError
 * when the broker cannot be reached in time.
 */
export interface DeadLetterQueue {
  /** Up to `limit` messages from the head of the queue, left in it. */
  list(limit: number): Promise<DeadLetterPage>;
  /**
   * Publishes the selected messages back to the work queue (confirmed), then removes them. Those
   * whose keys `drop` returns (given the selected letters) are removed without publishing.
   */
  redrive(
    selection: DeadLetterSelection,
    drop: (letters: readonly DeadLetter[]) => Promise<ReadonlySet<string>>,
  ): Promise<RedriveResult>;
  /** Removes the selected messages for good. */
  purge(selection: DeadLetterSelection): Promise<PurgeResult>;
}
