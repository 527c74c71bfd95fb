import type { Log, WorkStore } from "@tps/core";
import type { Attempt } from "./attempts";
import type { ConsumerMetrics } from "./metrics";

/**
 * A renewal that succeeds leaves every lease it holds at least 2/3 of LEASE_MS ahead (only leases
 * past a third of their term are extended). Work stops itself once half of LEASE_MS has passed
 * since the last confirmation: that tolerates one renewal (due every third) being late by a sixth,
 * and still leaves a sixth of the lease, plus the lease grace (LEASE_GRACE_MS: no reap or takeover
 * before expiry + grace), before anyone else may start the task again: two attempts never overlap.
 * Finished work waiting for its settle is not fenced: its settle is fenced by the lease token.
 */
export const FENCE_AFTER_LEASE_FRACTION = 1 / 2;

/**
 * Leases per renewal statement. With 10,000 tasks in flight one statement of 10,000 tokens made
 * the Prisma query compiler's WebAssembly memory grow by some 5 MiB (for good: it never shrinks)
 * and several MiB of short-lived copies of the arguments; 1,000 per statement keeps both small at
 * the cost of a few more, shorter statements.
 */
export const RENEW_CHUNK = 1_000;

export interface LeaseKeeperOptions {
  store: WorkStore;
  owner: string;
  leaseMs: number;
  /** Attempts whose leases must be kept: running work and finished work waiting for its settle. */
  held(): Attempt[];
  /** Running work only: these stop themselves when their lease can no longer be vouched for. */
  running(): Iterable<Attempt>;
  /** The lease of `attempt` is gone (renewal said so) or can no longer be vouched for (self-fence). */
  onLost(attempt: Attempt, reason: "canceled" | "lease_lost", canceledAt?: number): void;
  metrics: ConsumerMetrics;
  log: Log;
}

/**
 * Renews leases every third of their term (in statements of up to RENEW_CHUNK leases, one after the
 * other) and fences running work whose renewals keep failing.
 */
export function startLeaseKeeper(options: LeaseKeeperOptions) {
  const { store, owner, leaseMs, metrics, log } = options;
  let renewing: Promise<void> | null = null;

  async function renewOnce() {
    const attempts = options.held();
    for (let start = 0; start < attempts.length; start += RENEW_CHUNK) {
      await renewChunk(attempts.slice(start, start + RENEW_CHUNK));
    }
  }

  async function renewChunk(attempts: Attempt[]) {
    const startedAt = performance.now();
    try {
      const leases = attempts.map((a) => ({ id: a.task.id, leaseToken: a.task.leaseToken }));
      const statuses = new Map(
        (await store.renewLeases(leases, owner, leaseMs)).map((s) => [s.leaseToken, s]),
      );
      for (const attempt of attempts) {
        const status = statuses.get(attempt.task.leaseToken);
        if (status?.held) attempt.leaseConfirmedAt = Math.max(attempt.leaseConfirmedAt, startedAt);
        else if (status?.canceled) options.onLost(attempt, "canceled", status.canceledAt?.getTime());
        else options.onLost(attempt, "lease_lost");
      }
    } catch (error) {
      metrics.errors.inc({ stage: "lease" });
      log.warn({ err: error, count: attempts.length }, "lease renewal failed");
    }
  }

  /** One renewal at a time: a hung statement must not pile up more of them. */
  const renew = () => {
    renewing ??= renewOnce().finally(() => {
      renewing = null;
    });
    return renewing;
  };

  function fence() {
    const limit = performance.now() - leaseMs * FENCE_AFTER_LEASE_FRACTION;
    for (const attempt of options.running()) {
      if (attempt.leaseConfirmedAt < limit && !attempt.controller.signal.aborted) {
        log.warn(
          { taskId: attempt.task.id, attempt: attempt.task.attempts },
          "lease not renewed for half its term: stopping the work before someone else takes it over",
        );
        options.onLost(attempt, "lease_lost");
      }
    }
  }

  const renewTimer = setInterval(() => void renew(), Math.max(50, Math.floor(leaseMs / 3)));
  const fenceTimer = setInterval(fence, Math.max(20, Math.min(1_000, Math.floor(leaseMs / 20))));
  renewTimer.unref();
  fenceTimer.unref();

  return {
    renew,
    stop() {
      clearInterval(renewTimer);
      clearInterval(fenceTimer);
    },
  };
}
