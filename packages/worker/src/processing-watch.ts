import { type Log, type ProcessingControl, type ProcessingState, RUNNING } from "@tps/core";

export interface ProcessingWatchOptions {
  control: Pick<ProcessingControl, "status">;
  /** How often the switch is read (one primary-key read). */
  intervalMs: number;
  /** The state to start from (read once at start-up). */
  initial: ProcessingState;
  log: Log;
  /** After every read (changed or not): bring the subscription in line with `paused`. */
  onState(state: ProcessingState, changed: boolean): void;
}

/**
 * Follows the processing switch by polling it. A read that fails keeps the last known state (a
 * database outage neither pauses nor resumes the consumer) and is logged once per outage; a read
 * still running when the next tick comes is not doubled.
 */
export function startProcessingWatch(options: ProcessingWatchOptions) {
  const { control, log } = options;
  let state = options.initial;
  let failing = false;
  let running: Promise<void> | null = null;

  const read = async () => {
    try {
      const next = await control.status();
      if (failing) log.info({ paused: next.paused }, "processing switch readable again");
      failing = false;
      const changed = next.paused !== state.paused;
      state = next;
      if (changed && next.paused)
        log.warn({ by: next.by, at: next.at, reason: next.reason }, "processing paused: no new claims");
      else if (changed) log.info({ by: next.by, at: next.at }, "processing resumed");
      options.onState(state, changed);
    } catch (err) {
      if (!failing)
        log.warn({ err, paused: state.paused }, "cannot read the processing switch; keeping the last state");
      failing = true;
    }
  };

  const tick = () => {
    running ??= read().finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => void tick(), options.intervalMs);
  timer.unref();

  return {
    /** The last state read. */
    get state() {
      return state;
    },
    get paused() {
      return state.paused;
    },
    /** Reads the switch now (tests). */
    tick,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

/**
 * Reads the switch once at start-up, so a consumer started while paused never subscribes. `paused`
 * is what the worker and the AMQP consumer consult; the watch keeps it current. Unreadable (the
 * database slow to answer, an older schema), the consumer starts running.
 */
export async function readProcessingSwitch(control: ProcessingControl, log: Log) {
  const initial = await control.status().catch((err: unknown) => {
    log.warn({ err }, "cannot read the processing switch at start-up; starting as running");
    return RUNNING;
  });
  return { control, initial, paused: initial.paused };
}

export type ProcessingWatch = ReturnType<typeof startProcessingWatch>;
