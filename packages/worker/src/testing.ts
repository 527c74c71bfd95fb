import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { Delivery } from "./delivery";

export type Fate = "ack" | "requeue" | "deadLetter";

/** A delivery that records what the worker decided (for tests). */
export interface RecordedDelivery extends Delivery {
  fate: Fate | null;
  settled: Promise<Fate>;
}

export function fakeDelivery(
  taskId: number | null,
  options: { redelivered?: boolean } = {},
): RecordedDelivery {
  let resolve!: (fate: Fate) => void;
  const settled = new Promise<Fate>((r) => {
    resolve = r;
  });
  const delivery: RecordedDelivery = {
    taskId,
    redelivered: options.redelivered ?? false,
    fate: null,
    settled,
    ack: () => decide("ack"),
    requeue: () => decide("requeue"),
    deadLetter: () => decide("deadLetter"),
  };
  function decide(fate: Fate) {
    if (delivery.fate)
      throw new Error(`delivery of task ${taskId} settled twice (${delivery.fate}, then ${fate})`);
    delivery.fate = fate;
    resolve(fate);
  }
  return delivery;
}

/**
 * A full garbage collection now, for tests that check what is no longer held. Without --expose-gc:
 * the flag is set at run time and a fresh context gets the `gc` function.
 */
export function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}
