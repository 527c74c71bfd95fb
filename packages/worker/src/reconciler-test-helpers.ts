import { MemoryLog } from "@tps/core/testing";
import { Registry } from "prom-client";
import { afterEach } from "vitest";
import { createConsumerMetrics } from "./metrics";
import { type ReconcilerOptions, startReconciler } from "./reconciler";

/**
 * Registers an afterEach that stops every reconciler the test started, and returns the function
 * that starts one: fresh metrics (returned with it, for the test to read) and a log that keeps to
 * itself. With `stopWithinMs`, a stop that has not finished by then is left behind, so a test
 * that hung a store does not hold up the next one.
 */
export function useTestReconcilers(settings: { stopWithinMs?: number } = {}) {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(stops.splice(0).map((stop) => stop()));
  });
  return (options: Omit<ReconcilerOptions, "metrics" | "log">) => {
    const metrics = createConsumerMetrics(new Registry());
    const reconciler = startReconciler({ ...options, metrics, log: new MemoryLog() });
    const { stopWithinMs } = settings;
    stops.push(
      stopWithinMs === undefined
        ? () => reconciler.stop()
        : () => Promise.race([reconciler.stop(), new Promise<void>((r) => setTimeout(r, stopWithinMs))]),
    );
    return { ...reconciler, metrics };
  };
}
