import { MemoryLog } from "@tps/core/testing";
import { Registry } from "prom-client";
import { afterEach } from "vitest";
import { createConsumerMetrics } from "./metrics";
import { type ReconcilerOptions, startReconciler } from "./reconciler";

/** Timing for tests: a pass every 20 ms, no publish grace, a publish counted lost after a minute. */
const FAST_TIMING = { intervalMs: 20, publishGraceMs: 0, stalePublishMs: 60_000 };

type TimingOption = keyof typeof FAST_TIMING;

/**
 * Registers an afterEach that stops every reconciler the test started, and returns the function
 * that starts one: fresh metrics (returned with it, for the test to read) and a log that keeps to
 * itself; timing not given is FAST_TIMING. With `stopWithinMs`, a stop that has not finished by then is left behind, so a test
 * that hung a store does not hold up the next one.
 */
export function useTestReconcilers(settings: { stopWithinMs?: number } = {}) {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(stops.splice(0).map((stop) => stop()));
  });
  return (
    options: Omit<ReconcilerOptions, "metrics" | "log" | TimingOption> &
      Partial<Pick<ReconcilerOptions, TimingOption>>,
  ) => {
    const metrics = createConsumerMetrics(new Registry());
    const reconciler = startReconciler({ ...FAST_TIMING, ...options, metrics, log: new MemoryLog() });
    const { stopWithinMs } = settings;
    stops.push(
      stopWithinMs === undefined
        ? () => reconciler.stop()
        : () => Promise.race([reconciler.stop(), new Promise<void>((r) => setTimeout(r, stopWithinMs))]),
    );
    return { ...reconciler, metrics };
  };
}
