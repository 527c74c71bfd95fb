import { hostname } from "node:os";
import type { Log } from "@tps/core";
import type { Heartbeat } from "@tps/infra";

export interface HeartbeatOptions {
  id: string;
  prefetch: number;
  /** The task types served. */
  types: readonly string[];
  intervalMs: number;
  inFlight(): number;
  directory: { beat(h: Heartbeat): Promise<void>; stopped(id: string): Promise<void> };
  log: Log;
}

/** Announces this consumer (and its in-flight count) every few seconds, so the console lists it. */
export function startHeartbeat(options: HeartbeatOptions) {
  const startedAt = new Date();
  const beat = () =>
    options.directory
      .beat({
        id: options.id,
        hostname: hostname(),
        startedAt,
        inFlight: options.inFlight(),
        prefetch: options.prefetch,
        types: options.types,
      })
      .catch((err: unknown) => options.log.warn({ err }, "heartbeat failed"));
  void beat();
  const timer = setInterval(() => void beat(), options.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await options.directory.stopped(options.id);
    },
  };
}
