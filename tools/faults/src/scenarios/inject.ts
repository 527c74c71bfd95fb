import type { FaultProxy, ProxyMode } from "../fault-proxy";
import { sleep } from "../processes";

/**
 * Puts `proxies` in `mode` (or latency mode: `latencyMs` each way) for `holdMs` (running `during` meanwhile, if given), then restores them
 * in a `finally`, whatever happened. Returns when the fault was restored (epoch ms).
 */
export async function withFault(
  proxies: readonly FaultProxy[],
  mode: ProxyMode | { latencyMs: number },
  holdMs: number,
  during?: () => Promise<unknown>,
): Promise<number> {
  try {
    await Promise.all(
      proxies.map((p) => (typeof mode === "string" ? p.set(mode) : p.set("latency", mode.latencyMs))),
    );
    await Promise.all([sleep(holdMs), during?.()]);
  } finally {
    await Promise.all(proxies.map((p) => p.restore()));
  }
  return Date.now();
}
