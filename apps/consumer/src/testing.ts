import type { Delivery } from "./worker";

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
